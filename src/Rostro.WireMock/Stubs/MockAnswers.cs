using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Rostro.WireMock;

/// <summary>The Rostro mock's own answers that are not spec examples, repeated by the stubs so that a client sees the same body from both servers.</summary>
/// <remarks>
/// The codes are the mock's (<c>Rostro.MockServer.MockErrorCodes</c>); this library does not reference the mock server, so a test
/// holds every one of them equal to the mock's, status by status.
/// </remarks>
public static class MockAnswers
{
    /// <summary>400: a <c>Prefer</c> code or example the operation does not document.</summary>
    public const int UndocumentedPreferenceCode = 1002;

    /// <summary>401: a secured operation called without credentials.</summary>
    public const int MissingCredentialsCode = 1101;

    /// <summary>What <c>Retry-After</c> says on 429 and 503.</summary>
    public const string RetryAfterSeconds = "1";

    /// <summary>The <c>code</c> of the condition that answers a status, for a status forced with <c>Prefer: code</c> (the mock: "a forced answer is the real one").</summary>
    public static int ForcedCode(int status) => status switch
    {
        400 => 1001,
        401 => 1102,
        403 => 1301,
        404 => 1401,
        405 => 1405,
        408 => 1408,
        413 => 1413,
        414 or 431 => 1414,
        429 => 1429,
        503 => 1503,
        _ => 0,
    };

    /// <summary>Whether <c>Prefer: code=status</c> alone answers the mock's error envelope rather than the spec's first example (errors other than 422 do).</summary>
    public static bool ForcesEnvelope(int status) => status >= 400 && status != 422;

    /// <summary>The mock's forced error: <c>{error, errorCode, code}</c>, or for 500 the <c>InternalErrorEnvelope</c>.</summary>
    public static string ForcedError(int status) => Envelope(status, $"{ReasonPhrases.GetReasonPhrase(status)} (forced by Prefer: code={status}).", ForcedCode(status));

    /// <summary>The mock's 401 for a call without credentials, naming the headers that carry them.</summary>
    public static string MissingCredentials(IReadOnlyList<string> headers)
    {
        var named = headers.Select(h => h == "Authorization" ? "Authorization: Bearer <token>" : h).ToList();
        var list = named.Count <= 1 ? string.Concat(named) : $"{string.Join(", ", named[..^1])} or {named[^1]}";
        return Envelope(401, $"Not authenticated: send {list}.", MissingCredentialsCode);
    }

    /// <summary>The headers every error answer of the mock carries for its status.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ErrorHeaders(int status) => status switch
    {
        401 => [new("WWW-Authenticate", "Bearer")],
        429 or 503 => [new("Retry-After", RetryAfterSeconds)],
        _ => [],
    };

    /// <summary>An error envelope as the mock writes it.</summary>
    public static string Envelope(int status, string message, int code) =>
        (status == 500
            ? new JsonObject
            {
                ["error"] = "UNKNOWN",
                ["message"] = message,
                ["type"] = "internal_error",
                ["code"] = code == 0 ? string.Empty : code.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["errorCode"] = 500,
                ["param"] = null,
            }
            : new JsonObject { ["error"] = message, ["errorCode"] = status, ["code"] = code }).ToJsonString();
}
