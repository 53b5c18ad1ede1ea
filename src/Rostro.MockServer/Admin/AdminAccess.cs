using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Rostro.MockServer.Admin;

/// <summary>Who may call <c>/__admin</c>: every admin route goes through <see cref="Check"/>.</summary>
/// <remarks>
/// Without an admin token: the caller must be on loopback, the request must name a loopback host in <c>Host</c>
/// (<c>localhost</c>, <c>127.x.x.x</c>, <c>[::1]</c>), and a browser's <c>Origin</c>, when sent, must be the mock's own
/// (same scheme, host and port; <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> name the same host). The loopback
/// check alone lets in any web page open in a local browser; the <c>Host</c> check stops DNS rebinding, where a page of
/// <c>evil.example</c> re-points its own name at 127.0.0.1 and then chooses both <c>Host</c> and <c>Origin</c>.
/// With a token: anyone who presents it, from anywhere (loopback included).
/// </remarks>
internal static class AdminAccess
{
    /// <summary>The header that carries the admin token (<c>Authorization: Bearer &lt;token&gt;</c> works too).</summary>
    public const string TokenHeader = "X-Admin-Token";

    /// <summary>Decides whether a request may use the admin API.</summary>
    /// <returns>Null when allowed; otherwise the status (401 or 403) and the reason.</returns>
    public static (int Status, string Reason)? Check(HttpContext http, string? adminToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (string.IsNullOrEmpty(adminToken))
        {
            if (!IsLoopback(http.Connection.RemoteIpAddress))
            {
                return (StatusCodes.Status403Forbidden, "The admin API answers loopback callers only; start the mock with --admin-token to allow others.");
            }

            if (!IsLoopbackHost(http.Request.Host.Host))
            {
                return (StatusCodes.Status403Forbidden, "The admin API answers requests addressed to localhost, 127.x.x.x or [::1] only (Host names another host); start the mock with --admin-token to allow others.");
            }

            // A web page on another origin runs in a local browser, so it passes the checks above: refuse it.
            return IsOwnOrigin(http)
                ? null
                : (StatusCodes.Status403Forbidden, "The admin API does not answer web pages of other origins; start the mock with --admin-token to allow them.");
        }

        var presented = http.Request.Headers[TokenHeader].ToString();
        var authorization = http.Request.Headers.Authorization.ToString();
        if (presented.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(adminToken))
            ? null
            : (StatusCodes.Status401Unauthorized, $"The admin API needs the admin token ({TokenHeader}: <token> or Authorization: Bearer <token>).");
    }

    /// <summary>True for 127.0.0.0/8, ::1 and their IPv4-mapped forms; an unknown address is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && (IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4())));

    /// <summary>True for <c>localhost</c> (any case) and loopback IP literals (<c>127.x.x.x</c>, <c>::1</c>, bracketed or not).</summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host is ['[', .., ']'] ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address) && IsLoopback(address);
    }

    // No Origin: not a browser's cross-origin request (curl, SDKs, the mock's own /docs on a same-origin GET).
    private static bool IsOwnOrigin(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            // "null" (sandboxed frames, file:// pages) and anything unparsable are no origin of the mock's.
            return false;
        }

        var request = http.Request;
        var requestPort = request.Host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase) &&
            uri.Port == requestPort &&
            string.Equals(CanonicalHost(uri.Host), CanonicalHost(request.Host.Host), StringComparison.OrdinalIgnoreCase);
    }

    // localhost, 127.0.0.1 and [::1] are one host for the origin comparison: a page of http://localhost:4010 calling http://127.0.0.1:4010 is the mock's own.
    private static string CanonicalHost(string host)
    {
        var literal = host is ['[', .., ']'] ? host[1..^1] : host;
        return string.Equals(literal, "localhost", StringComparison.OrdinalIgnoreCase) || literal is "127.0.0.1" or "::1" ? "localhost" : literal;
    }
}
