using System.Net.Http.Headers;
using System.Text.Json;

namespace Rostro.Client;

/// <summary>Turns an error response into the same typed exception the generated methods throw (for the hand-written streaming calls).</summary>
internal static class ErrorResponse
{
    // `operation` as the message names it, e.g. "createChatCompletion (POST /v1/chat/completions, streamed)".
    public static async Task<RostroApiException> ReadAsync(string operation, HttpResponseMessage response, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var headers = Headers(response);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = $"{operation} answered {status}";
        // The envelopes the spec documents for the completions routes, by status.
        return status switch
        {
            422 => RostroApiException.FromBody<ValidationErrorResponse>(message, status, text, headers, options),
            500 => RostroApiException.FromBody<InternalErrorEnvelope>(message, status, text, headers, options),
            >= 400 and < 600 => RostroApiException.FromBody<ErrorEnvelope>(message, status, text, headers, options),
            _ => new RostroApiException($"{message}, which the spec does not document", status, text, headers, null),
        };
    }

    public static IReadOnlyDictionary<string, IEnumerable<string>> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers))
        {
            headers[name] = values;
        }

        return headers;
    }

    public static bool IsEventStream(HttpContentHeaders headers) =>
        string.Equals(headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
}
