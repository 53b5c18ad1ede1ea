namespace Rostro.Load.Tests.Infrastructure;

/// <summary>Recorded timelines built by hand, in milliseconds on a microsecond clock (frequency 1,000,000).</summary>
public static class Timelines
{
    public const long Frequency = 1_000_000;

    public static long Ms(double milliseconds) => (long)Math.Round(milliseconds * 1000);

    /// <summary>A successful streamed request sent at <paramref name="sentMs"/> with content events at the given times and the end at <paramref name="endMs"/>.</summary>
    public static RequestTimeline Streamed(double sentMs, double[] contentMs, double endMs, int? usageTokens = null, double? intendedMs = null, bool warmUp = false)
    {
        var timeline = new RequestTimeline
        {
            IntendedStart = Ms(intendedMs ?? sentMs),
            Dispatched = Ms(intendedMs ?? sentMs),
            Sent = Ms(sentMs),
            ResponseHeaders = Ms(sentMs + 1),
            End = Ms(endMs),
            Streaming = true,
            StatusCode = 200,
            UsageOutputTokens = usageTokens,
            WarmUp = warmUp,
            EventCount = contentMs.Length + 2,
        };
        foreach (var at in contentMs)
        {
            timeline.AddContentEvent(Ms(at));
        }

        return timeline;
    }

    public static ScenarioStatistics Statistics(params string[] thresholds) =>
        new(new ServiceLevelObjective(thresholds.Select(Threshold.Parse)), Frequency, 0);

    public static ScenarioInfo Info(string name = "s", params string[] thresholds) =>
        new(name, "/v1/chat/completions", "mythomax", true, "constant 1/s", null, TimeSpan.Zero, TimeSpan.FromSeconds(10), [.. thresholds.Select(Threshold.Parse)]);
}
