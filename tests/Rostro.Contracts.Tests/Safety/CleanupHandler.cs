using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>Registers what every creation made, before any check: its removal comes from the spec's <c>x-rostro-undo</c>.</summary>
/// <remarks>
/// In the pipeline, so every client's creations are tracked (the suite's, the typed client's), and a creation that answers
/// off-contract (201 where 200 is documented, a field renamed) is removed as well. A removal built from the request alone
/// (a tag, a configuration ID) is registered before the request is sent, so a creation that answers 5xx or never answers
/// is removed too; one that needs a value of the answer (a new uuid) is registered when the answer comes, and when it
/// cannot be (no answer, a 5xx, no such value) the run reports that something may be left. A refused creation (4xx)
/// made nothing. The removal goes with the creation's credential, or the owner's for a probe the owner undoes.
/// </remarks>
public sealed class CleanupHandler(ContractTarget target) : DelegatingHandler
{
    /// <summary>What a request created, for the exchange (<see cref="Exchange.Created"/>).</summary>
    public static readonly HttpRequestOptionsKey<TrackedResource> Created = new("rostro-contracts.created");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (target.OperationOf(request) is not { Facts.Undo: { } undo } creation || ForcedByMock(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var owner = request.Options.TryGetValue(SafetyHandler.UndoneBy, out var undoneBy) ? undoneBy : target.Client(Caller.Of(request));
        var test = TestContext.Current.Test;
        var scope = target.Cleanup.ScopeFor(test?.UniqueID, test?.TestDisplayName ?? "the run");
        var what = $"{creation.OperationId} ({creation.Method} {request.RequestUri!.PathAndQuery})";
        var path = target.SpecPath(request.RequestUri!);
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var queryValues = query.AllKeys.OfType<string>().ToDictionary(k => k, k => query[k]!, StringComparer.Ordinal);
        var body = await RequestBodies.ReadJsonAsync(request.Content, CancellationToken.None);

        TrackedResource? early = null;
        var unnamed = "its removal needs a value of the answer";
        if (undo.FromRequestAlone)
        {
            var (removal, error) = UndoRequest.Resolve(creation, undo, path, queryValues, body, string.Empty);
            early = removal is null ? null : Track(scope, creation, owner, removal);
            // An unbuildable removal (an invalid request lacks the value) matters only if the target made something: see its answer.
            unnamed = $"its removal cannot be built: {error}";
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (early is null && e is HttpRequestException or TimeoutException or OperationCanceledException)
        {
            target.Cleanup.RecordFailure($"{scope.TestName}: {what} got no answer ({e.Message}): it may have created something the run cannot name, since {unnamed}.");
            throw;
        }

        var status = (int)response.StatusCode;
        if (early is not null)
        {
            if (status is >= 400 and < 500)
            {
                scope.Refused(early);
            }
            else
            {
                request.Options.Set(Created, early);
            }

            return response;
        }

        if (status >= 500)
        {
            target.Cleanup.RecordFailure($"{scope.TestName}: {what} answered {status}: it may have created something the run cannot name, since {unnamed}.");
        }

        if (status is < 200 or >= 300)
        {
            return response;
        }

        // The answer is read on a token of the cleanup's own: a cancelled check must not lose what it made.
        using var time = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await response.Content.LoadIntoBufferAsync(time.Token);
        var answer = await response.Content.ReadAsStringAsync(time.Token);
        var (made, missing) = UndoRequest.Resolve(creation, undo, path, queryValues, body, answer);
        if (made is null)
        {
            target.Cleanup.RecordFailure($"{scope.TestName}: {what} created something (it answered {status}) that cannot be removed: {missing}.");
            return response;
        }

        request.Options.Set(Created, Track(scope, creation, owner, made));
        return response;
    }

    // A mock answers a status forced with Prefer: code= from its examples, without running the operation: nothing is made.
    // (Only mock-only checks force statuses; a live API would ignore the header, so it counts only on a mock.)
    private bool ForcedByMock(HttpRequestMessage request) =>
        target.IsMock && request.Headers.TryGetValues("Prefer", out var prefer) && prefer.Any(p => p.Contains("code=", StringComparison.Ordinal));

    private static TrackedResource Track(CleanupScope scope, Rostro.Spec.SpecOperation creation, ContractClient owner, UndoRequest removal) =>
        scope.Track($"what {creation.OperationId} created", owner, new HttpMethod(removal.Operation.Method), removal.PathAndQuery, removal.Body);
}
