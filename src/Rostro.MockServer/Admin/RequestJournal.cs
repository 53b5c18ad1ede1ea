using System.Text.Json.Serialization;
using Rostro.MockServer.Auth;

namespace Rostro.MockServer.Admin;

/// <summary>The last <see cref="Capacity"/> requests (a ring buffer), credentials redacted; served at <c>GET /__admin/requests</c>.</summary>
public sealed class RequestJournal
{
    /// <summary>What replaces a credential or cookie value.</summary>
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> s_sensitive = new(Credential.Headers.Concat(["Cookie", "Set-Cookie", "Proxy-Authorization", "X-Admin-Token"]), StringComparer.OrdinalIgnoreCase);
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

    /// <summary>Records one request, redacting credential headers and cookies.</summary>
    public void Record(HttpContext http, string? operationId, string? worldId, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = s_sensitive.Contains(name) ? Redacted : value.ToString();
        }

        var entry = new JournalEntry(
            DateTimeOffset.UtcNow,
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? string.Empty,
            http.Response.StatusCode,
            operationId,
            worldId,
            Math.Round(elapsedMs, 3),
            headers);
        var slot = Interlocked.Increment(ref _written) - 1;
        Volatile.Write(ref _entries[slot % _entries.Length], entry);
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
/// <param name="Query">Query string including <c>?</c>, or empty.</param>
/// <param name="Status">Response status.</param>
/// <param name="OperationId">The spec operation, or null (unknown route, admin, docs).</param>
/// <param name="World">The world it touched (hash of the credential), or null.</param>
/// <param name="ElapsedMs">Time to answer, milliseconds.</param>
/// <param name="Headers">Request headers; credentials and cookies redacted.</param>
public sealed record JournalEntry(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("operationId")] string? OperationId,
    [property: JsonPropertyName("world")] string? World,
    [property: JsonPropertyName("elapsedMs")] double ElapsedMs,
    [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string> Headers);
