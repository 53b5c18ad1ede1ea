namespace Rostro.Load;

public sealed partial record ScenarioReport
{
    /// <summary>The report of a scenario's statistics, thresholds evaluated on the figures it holds.</summary>
    public static ScenarioReport From(ScenarioInfo info, ScenarioStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(statistics);
        var series = statistics.Series;
        var measured = statistics.MeasuredSeconds;
        double Mean(long total) => measured > 0 ? Math.Round(total / measured, 3) : 0;
        var completed = statistics.Ok + statistics.Failed;
        var report = new ScenarioReport
        {
            Name = info.Name,
            Route = info.Route,
            Model = info.Model,
            Streaming = info.Streaming,
            Load = info.Load,
            MaxConcurrency = info.MaxConcurrency,
            WarmUpS = info.WarmUp.TotalSeconds,
            DurationS = info.Duration.TotalSeconds,
            MeasuredS = Math.Round(measured, 3),
            Requests = new ScenarioCounts
            {
                Planned = statistics.Planned,
                Ok = statistics.Ok,
                Failed = statistics.Failed,
                FailedByKind = FailureKinds.All.ToDictionary(FailureKinds.Name, statistics.FailuresOf),
                StatusCodes = statistics.StatusCodes,
                Cancelled = statistics.Cancelled,
                WarmUp = statistics.WarmUp,
                Dropped = statistics.Dropped,
                Good = statistics.Good,
                OutputTokens = statistics.OutputTokens,
                Events = statistics.Events,
            },
            ErrorRate = completed == 0 ? 0 : Math.Round((double)statistics.Failed / completed, 6),
            TtftMs = statistics.Ttft.Summarize(),
            ItlMs = statistics.Itl.Summarize(),
            TpotMs = statistics.Tpot.Summarize(),
            E2eMs = statistics.E2e.Summarize(),
            SchedulerLagMs = statistics.SchedulerLag.Summarize(),
            QueueMs = statistics.Queue.Summarize(),
            Throughput = new ThroughputReport
            {
                RequestsPerS = new RateSummary(Mean(statistics.Ok), series.Count == 0 ? 0 : series.Max(s => s.Ok)),
                OutputTokensPerS = new RateSummary(Mean(statistics.OutputTokens), series.Count == 0 ? 0 : series.Max(s => s.OutputTokens)),
                GoodputPerS = new RateSummary(Mean(statistics.Good), series.Count == 0 ? 0 : series.Max(s => s.Good)),
            },
            GoodputObjectives = new ServiceLevelObjective(info.Thresholds).Describe(),
            Series = [.. series.Select(s => new SecondReport
            {
                Second = s.Second,
                Ok = s.Ok,
                Failed = s.Failed,
                Good = s.Good,
                OutputTokens = s.OutputTokens,
                TtftMs = Percentiles(s.Ttft),
                ItlMs = Percentiles(s.Itl),
                TtftHistogram = s.Ttft.Count == 0 ? null : s.Ttft.Encode(),
                ItlHistogram = s.Itl.Count == 0 ? null : s.Itl.Encode(),
            })],
            Histograms = new HistogramSet
            {
                TtftUs = statistics.Ttft.Encode(),
                ItlUs = statistics.Itl.Encode(),
                TpotUs = statistics.Tpot.Encode(),
                E2eUs = statistics.E2e.Encode(),
                SchedulerLagUs = statistics.SchedulerLag.Encode(),
                QueueUs = statistics.Queue.Encode(),
            },
        };

        var results = info.Thresholds.Select(report.Evaluate).ToList();
        return report with { Thresholds = results, Passed = results.All(r => r.Passed) };
    }

    /// <summary>The scenario's definition as the report keeps it (for a merge, which has no scenario file).</summary>
    public ScenarioInfo Info() => new(
        Name,
        Route,
        Model,
        Streaming,
        Load,
        MaxConcurrency,
        TimeSpan.FromSeconds(WarmUpS),
        TimeSpan.FromSeconds(DurationS),
        [.. Thresholds.Select(t => Threshold.Parse(t.Expression))]);

    /// <summary>Compares one threshold with this report's figures.</summary>
    public ThresholdResult Evaluate(Threshold threshold)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        var completed = Requests.Ok + Requests.Failed;
        double? actual;
        string? reason = null;
        if (Threshold.LatencyMetrics.Contains(threshold.Metric))
        {
            var summary = threshold.Metric switch
            {
                "ttft_ms" => TtftMs,
                "itl_ms" => ItlMs,
                "tpot_ms" => TpotMs,
                "e2e_ms" => E2eMs,
                "scheduler_lag_ms" => SchedulerLagMs,
                _ => QueueMs,
            };

            // A latency nobody measured cannot be said to meet a bound: a run where every request failed fails its TTFT bound.
            actual = summary.Count == 0 && threshold.Metric != "queue_ms" ? null : summary.Statistic(threshold.Statistic!);
            if (actual is null)
            {
                reason = $"no {threshold.Metric} was measured";
            }
        }
        else
        {
            actual = threshold.Metric switch
            {
                "error_rate" => completed == 0 ? null : ErrorRate,
                "ok" => Requests.Ok,
                "failed" => threshold.Statistic is null ? Requests.Failed : Requests.FailedByKind.GetValueOrDefault(threshold.Statistic),
                "dropped" => Requests.Dropped,
                _ => Rate(threshold.Metric, threshold.Statistic!),
            };

            if (actual is null)
            {
                reason = "no request completed";
            }
        }

        var passed = actual is { } value && threshold.IsMetBy(value);
        if (!passed && reason is null)
        {
            reason = $"{threshold.Metric}{(threshold.Statistic is null ? string.Empty : "." + threshold.Statistic)} was {actual:0.###}";
        }

        return new ThresholdResult(threshold.Expression, actual, passed, passed ? null : reason);
    }

    private double Rate(string metric, string statistic)
    {
        var rate = metric switch
        {
            "requests_per_s" => Throughput.RequestsPerS,
            "output_tokens_per_s" => Throughput.OutputTokensPerS,
            _ => Throughput.GoodputPerS,
        };

        return statistic == "peak" ? rate.Peak : rate.Mean;
    }

    private static SeriesPercentiles Percentiles(LatencyHistogram histogram) => new(
        histogram.Count,
        Math.Round(histogram.ValueAtPercentile(50) / 1000.0, 3),
        Math.Round(histogram.ValueAtPercentile(95) / 1000.0, 3),
        Math.Round(histogram.ValueAtPercentile(99) / 1000.0, 3));
}
