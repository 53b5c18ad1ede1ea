using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>Registers what every creation made, the moment it answers 2xx and before any check: its removal comes from the spec's <c>x-rostro-undo</c>.</summary>
/// <remarks>
/// In the pipeline, so every client's creations are tracked (the suite's, the typed client's) and a creation that answers
/// off-contract (201 where 200 is documented, a field renamed) is removed as well. What cannot be removed (the answer
/// lacks the value the removal needs) is reported as left on the target. The removal is sent with the creation's own
/// credential when the test that made it ends, however it ends.
/// </remarks>
public sealed class CleanupHandler(ContractTarget target) : DelegatingHandler
{
    /// <summary>What a request created, for the exchange (<see cref="Exchange.Created"/>).</summary>
    public static readonly HttpRequestOptionsKey<TrackedResource> Created = new("rostro-contracts.created");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || target.OperationOf(request) is not { Facts.Undo: { } undo } creation
            || request.Options.TryGetValue(SafetyHandler.Probe, out var probe) && probe == HarmlessProbe.UndoneByOwner)
        {
            // A probe of another user's resource is undone by its owner (registered by the probe), not by the prober, whom the API would refuse.
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = await RequestBodies.ReadJsonAsync(request.Content, cancellationToken);
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var (removal, error) = UndoRequest.Resolve(creation, undo, target.SpecPath(request.RequestUri!), query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k]!, StringComparer.Ordinal), body, answer);
        var test = TestContext.Current.Test;
        var scope = target.Cleanup.ScopeFor(test?.UniqueID, test?.TestDisplayName ?? "the run");
        if (removal is null)
        {
            target.Cleanup.RecordFailure($"{scope.TestName}: {creation.OperationId} ({creation.Method} {request.RequestUri!.PathAndQuery}) created something (it answered {(int)response.StatusCode}) that cannot be removed: {error}.");
            return response;
        }

        var tracked = scope.Track($"what {creation.OperationId} created", target.Client(Caller.Of(request)), new HttpMethod(removal.Operation.Method), removal.PathAndQuery, removal.Body);
        request.Options.Set(Created, tracked);
        return response;
    }
}
