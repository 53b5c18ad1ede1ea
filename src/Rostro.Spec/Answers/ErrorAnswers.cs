using System.Globalization;
using Rostro.Client;

namespace Rostro.Spec.Answers;

/// <summary>The application-specific <c>code</c> values of the error envelopes (0 = none), so clients can tell causes apart: what the mock answers, and the WireMock stubs with it.</summary>
public static class ErrorCodes
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

    /// <summary>403: the username asked for is another user's.</summary>
    public const int UsernameTaken = 1306;

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

/// <summary>The error answers every server of the API gives the same way: the envelope of a status, the headers it carries, the texts of the answers that are not spec examples.</summary>
/// <remarks>Written once: the mock writes its errors through it, and the WireMock stubs repeat them from it, so a client sees the same body from both.</remarks>
public static class ErrorAnswers
{
    /// <summary>What <c>Retry-After</c> says on 429 and 503: come back in a second.</summary>
    public const string RetryAfterSeconds = "1";

    /// <summary>The body of an error answer: the spec's <see cref="ErrorEnvelope"/>, or for 500 its <see cref="InternalErrorEnvelope"/> (the wire models).</summary>
    public static object Envelope(int status, string message, int code = ErrorCodes.None) =>
        status == 500
            ? new InternalErrorEnvelope
            {
                Error = "UNKNOWN",
                Message = message,
                Type = "internal_error",
                Code = code == ErrorCodes.None ? string.Empty : code.ToString(CultureInfo.InvariantCulture),
                ErrorCode = 500,
            }
            : new ErrorEnvelope { Error = message, ErrorCode = status, Code = code };


    /// <summary>The headers an error answer of this status carries, real or forced: 401 <c>WWW-Authenticate: Bearer</c>, 429 and 503 <c>Retry-After</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(int status) => status switch
    {
        401 => [new("WWW-Authenticate", "Bearer")],
        429 or 503 => [new("Retry-After", RetryAfterSeconds)],
        _ => [],
    };

    /// <summary>Whether <c>Prefer: code=status</c> alone answers the error envelope of the real condition (errors other than 422) rather than the spec's first example.</summary>
    public static bool ForcesEnvelope(int status) => status >= 400 && status != 422;

    /// <summary>The message of an error forced by <c>Prefer: code</c>.</summary>
    /// <param name="status">The status.</param>
    /// <param name="reasonPhrase">Its reason phrase (<c>Not Found</c>).</param>
    public static string ForcedMessage(int status, string reasonPhrase) => $"{reasonPhrase} (forced by Prefer: code={status}).";

    /// <summary>The message of the 401 to a secured operation called without credentials, naming the headers that carry them (<see cref="RostroSpec.CredentialHeaders"/>).</summary>
    public static string MissingCredentialsMessage(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var named = headers.Select(h => h == "Authorization" ? "Authorization: Bearer <token>" : h).ToList();
        var list = named.Count <= 1 ? string.Concat(named) : $"{string.Join(", ", named[..^1])} or {named[^1]}";
        return $"Not authenticated: send {list}.";
    }
}
