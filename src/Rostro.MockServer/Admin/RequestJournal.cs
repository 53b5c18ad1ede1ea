using System.Text;
using System.Text.Json.Serialization;
using Rostro.MockServer.Auth;

namespace Rostro.MockServer.Admin;

/// <summary>The last <see cref="Capacity"/> requests (a ring buffer), secrets redacted; served at <c>GET /__admin/requests</c>.</summary>
/// <remarks>
/// Redaction is by rule, in <see cref="Record"/>, which every entry goes through: the value of every header and every
/// query parameter whose name contains <c>key</c>, <c>token</c>, <c>secret</c>, <c>password</c>, <c>auth</c>,
/// <c>session</c> or <c>cookie</c> (any case), and of the credential headers (<see cref="Credential.Headers"/>, which
/// include <c>samwise</c>), is replaced by <see cref="Redacted"/>. A list of known names would miss the next
/// <c>X-Whatever-Token</c>; the rule over-redacts a harmless <c>X-Monkey</c> instead.
/// </remarks>
internal sealed class RequestJournal
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which an MCP tool call names its tool (the journal's <c>tool</c>).</summary>
    public const string ToolItem = "rostro.mcp.tool";

    /// <summary>What replaces a secret's value.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>A header or query parameter whose name contains one of these (any case) is a secret.</summary>
    public static readonly IReadOnlyList<string> SecretNameParts = ["key", "token", "secret", "password", "auth", "session", "cookie"];

    private static readonly HashSet<string> s_credentialHeaders = new(Credential.Headers, StringComparer.OrdinalIgnoreCase);
    private readonly JournalEntry?[] _entries;
    private long _written;

    /// <summary>Creates an empty journal.</summary>
    public RequestJournal(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _entries = new JournalEntry?[capacity];
    }

    /// <summary>Most entries kept.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Requests recorded since start (or the last clear), including those no longer kept.</summary>
    public long Total => Interlocked.Read(ref _written);

    /// <summary>Whether a header or query parameter of this name holds a secret.</summary>
    public static bool IsSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_credentialHeaders.Contains(name))
        {
            return true;
        }

        foreach (var part in SecretNameParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records one request, redacting secrets (see the remarks).</summary>
    public void Record(HttpContext http, string? operationId, string? worldId, double elapsedMs, Stubs.StubMatch? stub = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = IsSecret(name) ? Redacted : value.ToString();
        }

        var entry = new JournalEntry(
            DateTimeOffset.UtcNow,
            request.Method,
            request.Path.Value ?? "/",
            RedactQuery(request.QueryString.Value),
            http.Response.StatusCode,
            operationId,
            worldId,
            Math.Round(elapsedMs, 3),
            headers,
            stub,
            http.Items.TryGetValue(ToolItem, out var tool) ? tool as string : null);
        var slot = Interlocked.Increment(ref _written) - 1;
        Volatile.Write(ref _entries[slot % _entries.Length], entry);
    }

    // "?api_key=abc&page=2" → "?api_key=[redacted]&page=2": names as sent, values of secret names replaced.
    private static string RedactQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var redacted = new StringBuilder(query.Length);
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            redacted.Append(redacted.Length == 0 ? '?' : '&');
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            if (equals >= 0 && IsSecret(Decode(name)))
            {
                redacted.Append(name).Append('=').Append(Redacted);
            }
            else
            {
                redacted.Append(pair);
            }
        }

        return redacted.ToString();
    }

    private static string Decode(string name)
    {
        try
        {
            return Uri.UnescapeDataString(name.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return name;
        }
    }

    /// <summary>The kept entries, newest first (at most <paramref name="limit"/>).</summary>
    public IReadOnlyList<JournalEntry> Snapshot(int limit)
    {
        var written = Total;
        var count = (int)Math.Min(Math.Min(written, _entries.Length), Math.Max(limit, 0));
        var result = new List<JournalEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var slot = (written - 1 - i) % _entries.Length;
            if (Volatile.Read(ref _entries[slot]) is { } entry)
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        Interlocked.Exchange(ref _written, 0);
    }
}

/// <summary>One journaled request.</summary>
/// <param name="At">When it completed (wall clock, UTC).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path.</param>
/// <param name="Query">Query string including <c>?</c>, or empty; values of secret names redacted.</param>
/// <param name="Status">Response status.</param>
/// <param name="OperationId">The spec operation, or null (unknown route, admin, docs).</param>
/// <param name="World">The world it touched (a keyed hash of the credential, see <see cref="State.WorldStore.IdOf"/>), or null.</param>
/// <param name="ElapsedMs">Time to answer, milliseconds.</param>
/// <param name="Headers">Request headers; secrets redacted.</param>
/// <param name="Stub">The stub of your own that answered it (<c>POST /__admin/mappings</c>), or null: the spec-driven mock did.</param>
/// <param name="Tool">The MCP tool whose call this request was (<c>POST /mcp</c>, <c>tools/call</c>), or null: a plain HTTP request.</param>
internal sealed record JournalEntry(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("operationId")] string? OperationId,
    [property: JsonPropertyName("world")] string? World,
    [property: JsonPropertyName("elapsedMs")] double ElapsedMs,
    [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string> Headers,
    [property: JsonPropertyName("stub")] Stubs.StubMatch? Stub = null,
    [property: JsonPropertyName("tool")] string? Tool = null);
