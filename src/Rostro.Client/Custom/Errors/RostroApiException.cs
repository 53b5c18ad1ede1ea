using System.Text;
using System.Text.Json;

namespace Rostro.Client;

/// <summary>
/// An answer the caller asked for but cannot use: an error status, or a body that is not what the spec documents. The message
/// names the operation and the status and says what the error body says; <see cref="Response"/> keeps the body as it came.
/// </summary>
/// <remarks>
/// Hand-written instead of NSwag's (nswag.json: <c>generateExceptionClasses: false</c>), whose message listed the first 512
/// characters of the body under a blank "HTTP Response:" heading and left <see cref="Response"/> empty for parsed envelopes.
/// The generated clients throw <see cref="RostroApiException{TResult}"/> for every documented error response.
/// </remarks>
public class RostroApiException : Exception
{
    private const int ExcerptLength = 300;

    /// <summary>An error whose message is <paramref name="message"/> followed by an excerpt of <paramref name="response"/>, if any.</summary>
    public RostroApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
        : this(message, statusCode, response, headers, innerException, Excerpt(response))
    {
    }

    private protected RostroApiException(
        string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException, string? detail)
        : base(detail is null ? message : $"{message.TrimEnd('.')}: {detail}", innerException)
    {
        StatusCode = statusCode;
        Response = response;
        Headers = headers;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public int StatusCode { get; }

    /// <summary>The body of the answer as it came, or null when it was read as a stream (a success that failed to parse).</summary>
    public string? Response { get; }

    /// <summary>The answer's headers (response and content headers), e.g. <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The <c>ErrorEnvelope</c> (<c>{error, errorCode, code}</c>) of a 400, 401, 403, 404, 429 or 503, if that is what was answered.</summary>
    public ErrorEnvelope? Error => (this as RostroApiException<ErrorEnvelope>)?.Result;

    /// <summary>The 422 <c>detail</c> list, one entry per violation; empty for any other answer.</summary>
    public IReadOnlyList<ValidationDetail> ValidationErrors =>
        (this as RostroApiException<ValidationErrorResponse>)?.Result.Detail?.ToArray() ?? [];

    /// <summary>The 500 envelope (<c>{error, message, type, code, errorCode, param}</c>), if that is what was answered.</summary>
    public InternalErrorEnvelope? InternalError => (this as RostroApiException<InternalErrorEnvelope>)?.Result;

    /// <summary>
    /// The exception for an error answer documented with a <typeparamref name="TEnvelope"/> body: typed when the body is one,
    /// untyped (the parse failure as inner exception) when the server sent something else.
    /// </summary>
    internal static RostroApiException FromBody<TEnvelope>(
        string message, int statusCode, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, JsonSerializerOptions options)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new RostroApiException($"{message} without a body", statusCode, body, headers, null);
        }

        try
        {
            return JsonSerializer.Deserialize<TEnvelope>(body, options) is { } envelope
                ? new RostroApiException<TEnvelope>(message, statusCode, body, headers, envelope, null)
                : new RostroApiException($"{message} with a null body", statusCode, body, headers, null);
        }
        catch (JsonException e)
        {
            return new RostroApiException($"{message}, not with the documented {typeof(TEnvelope).Name}", statusCode, body, headers, e);
        }
    }

    /// <summary>What an envelope says, in one line; null when it says nothing.</summary>
    private protected static string? Describe(object? envelope) => envelope switch
    {
        ErrorEnvelope { Error: { Length: > 0 } error, Code: var code } => code == 0 ? error : $"{error} (code {code})",
        ValidationErrorResponse { Detail: { Count: > 0 } detail } => string.Join("; ", detail.Select(d => $"{Loc(d.Loc)}: {d.Msg}")),
        InternalErrorEnvelope internalError => ErrorAndMessage(internalError.Error, internalError.Message),
        _ => null,
    };

    // A 500's `error` is often a kind (UNKNOWN) and `message` the text; say each once.
    private static string? ErrorAndMessage(string? error, string? message) =>
        (string.IsNullOrEmpty(error), string.IsNullOrEmpty(message)) switch
        {
            (true, true) => null,
            (false, true) => error,
            (true, false) => message,
            _ => error == message ? message : $"{error}: {message}",
        };

    /// <summary>The body on one line, shortened: enough to recognise an HTML error page or a proxy's answer.</summary>
    private protected static string? Excerpt(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var line = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= ExcerptLength ? line : string.Concat(line.AsSpan(0, ExcerptLength), "…");
    }

    // ["body","messages",0,"role"] -> body.messages[0].role
    private static string Loc(IEnumerable<LocSegment>? loc)
    {
        var text = new StringBuilder();
        foreach (var segment in loc ?? [])
        {
            if (segment.Index is { } index)
            {
                text.Append('[').Append(index).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(segment.Name);
            }
        }

        return text.Length == 0 ? "(no loc)" : text.ToString();
    }
}

/// <summary>An error answer whose body is the documented <typeparamref name="TResult"/> (an error envelope), parsed into <see cref="Result"/>.</summary>
public class RostroApiException<TResult> : RostroApiException
{
    /// <summary>An error whose message is <paramref name="message"/> followed by what <paramref name="result"/> says.</summary>
    public RostroApiException(
        string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
        : base(message, statusCode, response, headers, innerException, Describe(result) ?? Excerpt(response)) =>
        Result = result;

    /// <summary>The parsed body.</summary>
    public TResult Result { get; }
}
