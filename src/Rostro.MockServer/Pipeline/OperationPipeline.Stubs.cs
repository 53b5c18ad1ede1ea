using Rostro.Spec.Routing;

namespace Rostro.MockServer.Pipeline;

/// <summary>The pipeline's first step for a request some stub of your own may match: the hop to WireMock.Net (Stubs/).</summary>
internal sealed partial class OperationPipeline
{
    // The body is read once and put back for the pipeline, which applies the operation's own limit. A body over the larger
    // body limit is matched against no stub: what was read of it is put back in front of the rest, and the request is
    // answered as it would be with no stub loaded (413, or ignored by an operation that takes no body, or 404).
    private async Task<bool> AnswerFromStubAsync(HttpContext http, RouteMatch match, Trace trace)
    {
        var request = http.Request;
        byte[]? body = null;
        if (HasBody(request))
        {
            var settings = _settings.Current;
            var limit = Math.Max(settings.MaxBodyBytes, settings.MaxMultipartBodyBytes);
            if (request.ContentLength > limit)
            {
                return false;
            }

            var read = await RequestBodies.ReadAllAsync(request, limit, http.RequestAborted, keepWhenTooLarge: true);
            if (read.Refusal is { Status: StatusCodes.Status413PayloadTooLarge } && read.Value is { } head)
            {
                request.Body = new ReplayedBody(head, request.Body);
                return false;
            }

            if (read.Refusal is { } refusal)
            {
                await RefuseAsync(http, match.Operation, refusal);
                return true;
            }

            body = read.Value!;
            request.Body = new MemoryStream(body, writable: false);
        }

        trace.Stub = await _stubs.TryAnswerAsync(http, body);
        if (trace.Stub is null)
        {
            if (body is not null)
            {
                request.Body.Position = 0;
            }

            return false;
        }

        trace.OperationId = match.Operation?.OperationId;
        return true;
    }
}
