using System.Net.Http.Headers;
using System.Text.Json;

namespace Rostro.Client;

/// <summary>Turns an error response into the same typed exception the generated methods throw (for the hand-written streaming calls).</summary>
internal static class ErrorResponse
{
    public static async Task<RostroApiException> ReadAsync(HttpResponseMessage response, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var headers = Headers(response);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return status switch
            {
                422 => Typed<ValidationErrorResponse>("The request failed schema validation.", status, text, headers, options),
                500 => Typed<InternalErrorEnvelope>("The server failed to process the request.", status, text, headers, options),
                >= 400 and < 600 => Typed<ErrorEnvelope>($"The server answered {status}.", status, text, headers, options),
                _ => new RostroApiException($"The HTTP status code of the response was not expected ({status}).", status, text, headers, null),
            };
        }
        catch (JsonException e)
        {
            return new RostroApiException($"The server answered {status} without a documented error body.", status, text, headers, e);
        }
    }

    private static RostroApiException Typed<T>(string message, int status, string text, IReadOnlyDictionary<string, IEnumerable<string>> headers, JsonSerializerOptions options)
        where T : class =>
        JsonSerializer.Deserialize<T>(text, options) is { } envelope
            ? new RostroApiException<T>(message, status, text, headers, envelope, null)
            : new RostroApiException(message, status, text, headers, null);

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
