namespace Rostro.Load;

public sealed partial class ScenarioStatistics
{
    /// <summary>The statistics a report was written from: its histograms decoded, its counts and series read back.</summary>
    /// <exception cref="FormatException">A histogram is missing or not an HdrHistogram V2 encoding.</exception>
    public static ScenarioStatistics FromReport(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var info = report.Info();
        var statistics = new ScenarioStatistics(new ServiceLevelObjective(info.Thresholds), 1, 0);
        var histograms = report.Histograms;
        LatencyHistogram Read(string? encoded, string name) =>
            encoded is null ? throw new FormatException($"scenario '{report.Name}': histograms.{name} is missing") : LatencyHistogram.Decode(encoded);
        statistics.Ttft.Add(Read(histograms.TtftUs, "ttft_us"));
        statistics.Itl.Add(Read(histograms.ItlUs, "itl_us"));
        statistics.Tpot.Add(Read(histograms.TpotUs, "tpot_us"));
        statistics.E2e.Add(Read(histograms.E2eUs, "e2e_us"));
        statistics.SchedulerLag.Add(Read(histograms.SchedulerLagUs, "scheduler_lag_us"));
        statistics.Queue.Add(Read(histograms.QueueUs, "queue_us"));
        statistics.Restore(report.Requests, report.MeasuredS, report.Series.Select(s => new SecondStatistics(s.Second)
        {
            Ok = s.Ok,
            Failed = s.Failed,
            Good = s.Good,
            OutputTokens = s.OutputTokens,
            Ttft = s.TtftHistogram is null ? LatencyHistogram.CreateSeries() : LatencyHistogram.Decode(s.TtftHistogram, series: true),
            Itl = s.ItlHistogram is null ? LatencyHistogram.CreateSeries() : LatencyHistogram.Decode(s.ItlHistogram, series: true),
        }));
        return statistics;
    }
}
