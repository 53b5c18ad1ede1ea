using System.Diagnostics;
using System.Globalization;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.Mimic.Load;

/// <summary>
/// The load model's per-credential quotas: <see cref="MockSettings.RequestsPerMinute"/> completion requests and
/// <see cref="MockSettings.TokensPerMinute"/> tokens (prompt + planned completion) in a window of one minute that starts
/// with the credential's first request. A request that would pass either is refused with 429 and changes no count.
/// Every answer while a quota is on carries OpenAI's headers: <c>x-ratelimit-limit-requests</c>,
/// <c>x-ratelimit-remaining-requests</c>, <c>x-ratelimit-reset-requests</c>, and the same for tokens.
/// </summary>
internal sealed class RateQuotas
{
    /// <summary>Most credentials counted at once; past it the windows that ended are dropped, then (if still full) all.</summary>
    public const int MaxCredentials = 10_000;

    private static readonly long s_window = Stopwatch.Frequency * 60;

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>Counts the request against the credential's quotas, or refuses it.</summary>
    /// <returns>Whether it is admitted, the headers to send either way (none while no quota is on), and the seconds until the window resets.</returns>
    public (bool Admitted, IReadOnlyList<KeyValuePair<string, string>> Headers, int RetryAfterSeconds) Take(string credential, int tokens, MockSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RequestsPerMinute == 0 && settings.TokensPerMinute == 0)
        {
            return (true, [], 0);
        }

        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (!_windows.TryGetValue(credential, out var window) || now - window.Start >= s_window)
            {
                Trim(now);
                window = new Window(now);
                _windows[credential] = window;
            }

            var requestsOver = settings.RequestsPerMinute > 0 && window.Requests + 1 > settings.RequestsPerMinute;
            var tokensOver = settings.TokensPerMinute > 0 && window.Tokens + tokens > settings.TokensPerMinute;
            var admitted = !requestsOver && !tokensOver;
            if (admitted)
            {
                window.Requests++;
                window.Tokens += tokens;
            }

            var reset = TimeSpan.FromSeconds((double)(window.Start + s_window - now) / Stopwatch.Frequency);
            var headers = new List<KeyValuePair<string, string>>(6);
            if (settings.RequestsPerMinute > 0)
            {
                headers.Add(new("x-ratelimit-limit-requests", Text(settings.RequestsPerMinute)));
                headers.Add(new("x-ratelimit-remaining-requests", Text(Math.Max(0, settings.RequestsPerMinute - window.Requests))));
                headers.Add(new("x-ratelimit-reset-requests", Duration(reset)));
            }

            if (settings.TokensPerMinute > 0)
            {
                headers.Add(new("x-ratelimit-limit-tokens", Text(settings.TokensPerMinute)));
                headers.Add(new("x-ratelimit-remaining-tokens", Text((int)Math.Max(0, settings.TokensPerMinute - window.Tokens))));
                headers.Add(new("x-ratelimit-reset-tokens", Duration(reset)));
            }

            return (admitted, headers, Math.Max(1, (int)Math.Ceiling(reset.TotalSeconds)));
        }
    }

    /// <summary>Forgets every count (<c>POST /__admin/reset</c>).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _windows.Clear();
        }
    }

    // OpenAI writes these as Go durations: 6m0s, 1s, 20ms.
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return Text(Math.Max(0, (int)Math.Ceiling(span.TotalMilliseconds))) + "ms";
        }

        var seconds = (int)Math.Ceiling(span.TotalSeconds);
        return seconds >= 60 ? $"{seconds / 60}m{seconds % 60}s" : $"{seconds}s";
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Trim(long now)
    {
        if (_windows.Count < MaxCredentials)
        {
            return;
        }

        foreach (var ended in _windows.Where(w => now - w.Value.Start >= s_window).Select(w => w.Key).ToList())
        {
            _windows.Remove(ended);
        }

        if (_windows.Count >= MaxCredentials)
        {
            _windows.Clear();
        }
    }

    private sealed class Window(long start)
    {
        public long Start { get; } = start;

        public int Requests { get; set; }

        public long Tokens { get; set; }
    }
}
