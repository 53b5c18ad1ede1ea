using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Rostro.MockServer.Admin;

/// <summary>Who may call <c>/__admin</c>: loopback callers (but not web pages of another origin) when no admin token is configured; with a token, anyone who presents it (loopback included).</summary>
public static class AdminAccess
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

            // A web page on another origin runs in a local browser, so it passes the loopback check: refuse it.
            return IsCrossOrigin(http)
                ? (StatusCodes.Status403Forbidden, "The admin API does not answer web pages of other origins; start the mock with --admin-token to allow them.")
                : null;
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

    private static bool IsCrossOrigin(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        return origin.Length > 0 &&
            !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True for 127.0.0.0/8, ::1 and their IPv4-mapped forms; an unknown address is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && (IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4())));
}
