using System.Net;

namespace Rostro.MockServer;

/// <summary>Where the mock listens, from <c>--host</c>/<c>--port</c> or from ASP.NET Core's URL form (<c>--urls</c>, <c>ASPNETCORE_URLS</c>).</summary>
/// <param name="Host">An IP literal, <c>localhost</c>, or <c>*</c> for every interface.</param>
/// <param name="Port">0-65535; 0 picks a free port.</param>
public sealed record ListenAddress(string Host, int Port)
{
    /// <summary>Reads one URL of <c>--urls</c> (<c>http://127.0.0.1:5000</c>, <c>http://localhost:5000</c>, <c>http://*:5000</c>, <c>http://+:5000</c>, <c>http://0.0.0.0:5000</c>).</summary>
    /// <exception cref="FormatException">Not an http URL with a host and port the mock can listen on; the message says why.</exception>
    public static ListenAddress Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url.Trim());
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{url}' is not a URL to listen on ({e.Message.TrimEnd('.')}); for example http://127.0.0.1:4010.", e);
        }

        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) || address.IsUnixPipe)
        {
            throw new FormatException($"'{url}': the mock speaks plain http only (no https, no unix sockets); for example http://127.0.0.1:4010.");
        }

        if (address.PathBase.Length > 0)
        {
            throw new FormatException($"'{url}': the mock serves from the root; drop the path '{address.PathBase}'.");
        }

        var host = address.Host is "*" or "+" or "0.0.0.0" or "[::]" or "::" ? "*" : address.Host.Trim('[', ']');
        if (host != "*" && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(host, out _))
        {
            throw new FormatException($"'{url}': the host must be an IP address, localhost or * (every interface), not '{address.Host}'.");
        }

        return new ListenAddress(host, address.Port);
    }

    /// <summary>Reads a <c>;</c>- or <c>,</c>-separated list of URLs.</summary>
    public static IReadOnlyList<ListenAddress> ParseList(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return [.. urls.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    /// <summary>The URL a person can click for an address Kestrel reports: every interface (<c>[::]</c>, <c>0.0.0.0</c>) becomes <c>localhost</c>.</summary>
    public static string Clickable(string reported, out bool everyInterface)
    {
        ArgumentNullException.ThrowIfNull(reported);
        var uri = new Uri(reported.Replace("://+:", "://[::]:", StringComparison.Ordinal).Replace("://*:", "://[::]:", StringComparison.Ordinal));
        everyInterface = uri.Host is "[::]" or "::" or "0.0.0.0";
        return everyInterface ? $"{uri.Scheme}://localhost:{uri.Port}" : reported.TrimEnd('/');
    }
}
