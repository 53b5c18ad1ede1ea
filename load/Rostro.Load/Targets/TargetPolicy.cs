using System.Net;

namespace Rostro.Load;

/// <summary>Which targets a run may send load to: loopback freely; any other host only when the user named it with <c>--target</c>.</summary>
/// <remarks>
/// A scenario file is shared and committed; if it could name a remote host, running someone's file could load a server
/// nobody meant to. So a file's <c>target</c> must be loopback, and a remote one must be typed on the command line.
/// </remarks>
public static class TargetPolicy
{
    /// <summary>Whether the URL's host is this machine (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>); names are not resolved.</summary>
    public static bool IsLoopback(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Checks a target URL: absolute http(s), no credentials in it. Null when fine, else why not.</summary>
    public static string? Check(string text, out Uri? target)
    {
        target = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"'{Describe(text)}' is not an http(s) URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "the target URL carries credentials; put the token in ROSTRO_TOKEN instead";
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "the target URL must not have a query or fragment";
        }

        target = uri;
        return null;
    }

    /// <summary>The URL as reports and messages show it: scheme, host, port and path; never user info or a query.</summary>
    public static string Describe(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    private static string Describe(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? Describe(uri) : text.Length > 80 ? text[..80] + "…" : text;
}
