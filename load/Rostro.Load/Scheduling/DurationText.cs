using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostro.Load;

/// <summary>Durations as people write them in scenario files and on the command line: <c>30s</c>, <c>5m</c>, <c>1m30s</c>, <c>250ms</c>, <c>1h</c>.</summary>
public static partial class DurationText
{
    /// <summary>Reads a duration; false (with a reason) when the text is not one.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected a duration such as 30s, 5m, 1m30s or 500ms";
            return false;
        }

        var matches = Part().Matches(text.Trim());
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Trim().Length)
        {
            error = $"'{text}' is not a duration (write 30s, 5m, 1m30s or 500ms)";
            return false;
        }

        var total = 0.0;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += match.Groups["u"].Value switch
            {
                "ms" => value / 1000,
                "s" => value,
                "m" => value * 60,
                _ => value * 3600,
            };
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>A duration the way <see cref="TryParse"/> reads it back (<c>1m30s</c>, <c>2.5s</c>, <c>250ms</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var minutes = (long)duration.TotalMinutes;
        var seconds = duration.TotalSeconds - (minutes * 60);
        var secondsText = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return minutes == 0 ? secondsText : seconds < 0.0005 ? $"{minutes}m" : $"{minutes}m{secondsText}";
    }

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
