using System.Text.Json.Serialization;

namespace Rostro.MockServer.Errors;

/// <summary>The spec's <c>ErrorEnvelope</c>: the body of every 400, 401, 403, 404, 405, 413, 429 and 503 answer.</summary>
/// <param name="Error">Human-readable message.</param>
/// <param name="ErrorCode">The HTTP status of the answer.</param>
/// <param name="Code">Application-specific code; 0 when there is none (see <see cref="MockErrorCodes"/>).</param>
public sealed record ErrorEnvelope(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("errorCode")] int ErrorCode,
    [property: JsonPropertyName("code")] int Code = 0);

/// <summary>The spec's <c>ValidationErrorResponse</c>: the 422 body, one <see cref="ValidationDetail"/> per violation.</summary>
/// <param name="Detail">The violations.</param>
public sealed record ValidationErrorResponse(
    [property: JsonPropertyName("detail")] IReadOnlyList<ValidationDetail> Detail);

/// <summary>The spec's <c>InternalErrorEnvelope</c>: the 500 body.</summary>
/// <param name="Error">Error class (<c>UNKNOWN</c>).</param>
/// <param name="Message">Human-readable message; never a stack trace.</param>
/// <param name="Type">Error type.</param>
/// <param name="Code">Application-specific code as a string (empty when none).</param>
/// <param name="ErrorCode">Always 500.</param>
/// <param name="Param">The parameter at fault, or null.</param>
public sealed record InternalErrorEnvelope(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("errorCode")] int ErrorCode,
    [property: JsonPropertyName("param")] string? Param);

/// <summary>The application-specific <c>code</c> values of the mock's error envelopes (0 = none), so clients can tell causes apart.</summary>
public static class MockErrorCodes
{
    /// <summary>No specific code.</summary>
    public const int None = 0;

    /// <summary>400: the body is not JSON, not well-formed multipart, or its transfer framing (chunked encoding) is broken.</summary>
    public const int MalformedJson = 1001;

    /// <summary>400: a <c>Prefer</c> or <c>X-Mock-*</c> header is malformed or asks for an undocumented status or example.</summary>
    public const int BadMockOverride = 1002;

    /// <summary>401: no credentials on a secured operation.</summary>
    public const int MissingCredentials = 1101;

    /// <summary>401: credentials present but not acceptable (wrong scheme, empty, or starting with <c>invalid</c>).</summary>
    public const int InvalidCredentials = 1102;

    /// <summary>403: the resource belongs to another user.</summary>
    public const int NotOwner = 1301;

    /// <summary>403: ratings are disabled on this project.</summary>
    public const int RatingsDisabled = 1302;

    /// <summary>403: a per-world collection is full (the mock is bounded in memory).</summary>
    public const int CollectionFull = 1303;

    /// <summary>403: no credits left for a generation.</summary>
    public const int NoCredits = 1304;

    /// <summary>401/403: the admin API refused the caller (not loopback, another origin, or no admin token).</summary>
    public const int AdminRefused = 1305;

    /// <summary>404: no such resource.</summary>
    public const int ResourceNotFound = 1401;

    /// <summary>404: no such route.</summary>
    public const int RouteNotFound = 1402;

    /// <summary>405: the path exists, the method does not.</summary>
    public const int MethodNotAllowed = 1405;

    /// <summary>408: the body arrived slower than the server's minimum data rate.</summary>
    public const int BodyTooSlow = 1408;

    /// <summary>413: the body is larger than the configured limit, or a multipart body has more parts than the mock takes.</summary>
    public const int BodyTooLarge = 1413;

    /// <summary>414 / 431: the request target or the headers are larger than the mock takes.</summary>
    public const int RequestTooLarge = 1414;

    /// <summary>429: rate limited (with <c>Retry-After</c>).</summary>
    public const int RateLimited = 1429;

    /// <summary>503: the model is overloaded (with <c>Retry-After</c>).</summary>
    public const int Unavailable = 1503;

    /// <summary>The code of the condition that answers this status, for a status forced with <c>Prefer: code</c>: a forced answer is the real one.</summary>
    /// <remarks>401 is the refused credential (a forced request carries one that passed), 403 someone else's resource, 404 an unknown resource.</remarks>
    public static int ForStatus(int status) => status switch
    {
        400 => MalformedJson,
        401 => InvalidCredentials,
        403 => NotOwner,
        404 => ResourceNotFound,
        405 => MethodNotAllowed,
        408 => BodyTooSlow,
        413 => BodyTooLarge,
        414 or 431 => RequestTooLarge,
        429 => RateLimited,
        503 => Unavailable,
        _ => None,
    };
}
