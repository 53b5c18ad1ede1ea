using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Rostro.MockServer.Operations;

/// <summary>What the caller asked of the mock for this request: Prism's <c>Prefer</c> header and the <c>X-Mock-*</c> headers.</summary>
/// <remarks>
/// <c>Prefer: code=404</c> forces a documented status (its example body); <c>Prefer: example=streaming</c> picks a named
/// example; both may be combined (<c>Prefer: code=200, example=seed</c>). <c>X-Mock-*</c> headers that name a setting
/// are already applied to <see cref="OperationContext.Settings"/>; others stay readable through <see cref="Header"/>.
/// </remarks>
internal sealed class RequestOverrides
{
    /// <summary>The prefix of every mock-specific request header.</summary>
    public const string HeaderPrefix = "X-Mock-";

    private static readonly Dictionary<string, string> s_noPreferences = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>No overrides (and no headers).</summary>
    public static readonly RequestOverrides None = new(s_noPreferences, null, hasMockHeaders: false);
    private readonly IHeaderDictionary? _headers;

    private RequestOverrides(IReadOnlyDictionary<string, string> preferences, IHeaderDictionary? headers, bool hasMockHeaders)
    {
        Preferences = preferences;
        _headers = headers;
        HasMockHeaders = hasMockHeaders;
        if (preferences.TryGetValue("code", out var code))
        {
            Code = int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        Example = preferences.GetValueOrDefault("example");
    }

    /// <summary><c>Prefer: code=NNN</c>: the status the caller forces, or null.</summary>
    public int? Code { get; }

    /// <summary><c>Prefer: example=name</c>: the named spec example the caller wants, or null.</summary>
    public string? Example { get; }

    /// <summary>Whether the request carries any <c>X-Mock-*</c> header.</summary>
    public bool HasMockHeaders { get; }

    /// <summary>Every <c>Prefer</c> preference, name (any case) → value (empty for a bare token such as <c>return=minimal</c>'s absence of value).</summary>
    public IReadOnlyDictionary<string, string> Preferences { get; }

    /// <summary>The raw value of any request header (e.g. <c>X-Mock-Drop-After</c>), or null when absent.</summary>
    public string? Header(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _headers is not null && _headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;
    }

    /// <summary>Parses the <c>Prefer</c> headers of a request (RFC 7240: preferences separated by commas, parameters by semicolons).</summary>
    /// <returns>The overrides, or null with <paramref name="error"/> set when a preference is malformed.</returns>
    public static RequestOverrides? Parse(IHeaderDictionary headers, out string? error)
    {
        ArgumentNullException.ThrowIfNull(headers);
        error = null;
        if (!headers.TryGetValue("Prefer", out var prefer) || StringValues.IsNullOrEmpty(prefer))
        {
            return new RequestOverrides(s_noPreferences, headers, HasMockHeader(headers));
        }

        var preferences = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in prefer)
        {
            foreach (var preference in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Parameters after ';' qualify a preference; Prism's code/example take none, so only the head counts.
                var head = preference.Split(';', 2)[0].Trim();
                var equals = head.IndexOf('=', StringComparison.Ordinal);
                var name = (equals < 0 ? head : head[..equals]).Trim();
                var value = equals < 0 ? string.Empty : head[(equals + 1)..].Trim().Trim('"');
                preferences[name] = value;
            }
        }

        if (preferences.TryGetValue("code", out var code) &&
            (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 599))
        {
            error = $"Prefer: code={code} is not an HTTP status code (100-599).";
            return null;
        }

        if (preferences.TryGetValue("example", out var example) && example.Length == 0)
        {
            error = "Prefer: example= needs the name of one of the operation's examples.";
            return null;
        }

        return new RequestOverrides(preferences, headers, HasMockHeader(headers));
    }

    private static bool HasMockHeader(IHeaderDictionary headers)
    {
        foreach (var header in headers)
        {
            if (header.Key.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
