namespace Rostro.Load;

/// <summary>Combines shards' reports into the report of the whole run: histograms merged bucket by bucket (never averaged percentiles), counts summed, series aligned by second.</summary>
public static class ReportMerge
{
    /// <summary>Merges reports of the same scenarios (typically the n shards of one run).</summary>
    /// <exception cref="FormatException">The reports do not describe the same scenarios, repeat a shard, or hold unreadable histograms.</exception>
    public static LoadReport Merge(IReadOnlyList<LoadReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new FormatException("nothing to merge");
        }

        var repeated = reports.Where(r => r.Shard is not null).GroupBy(r => r.Shard).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new FormatException($"shard {repeated.Key} appears {repeated.Count()} times: its requests would be counted twice");
        }

        var names = reports[0].Scenarios.Select(s => s.Name).ToList();
        foreach (var report in reports.Skip(1))
        {
            var other = report.Scenarios.Select(s => s.Name).ToList();
            if (!other.Order(StringComparer.Ordinal).SequenceEqual(names.Order(StringComparer.Ordinal)))
            {
                throw new FormatException($"the reports hold different scenarios ({string.Join(", ", names)} vs {string.Join(", ", other)}); merge the shards of one run");
            }
        }

        var scenarios = new List<ScenarioReport>();
        foreach (var name in names)
        {
            var parts = reports.Select(r => r.Scenarios.First(s => s.Name == name)).ToList();
            var thresholds = parts[0].Thresholds.Select(t => t.Expression).ToList();
            if (parts.Any(p => !p.Thresholds.Select(t => t.Expression).SequenceEqual(thresholds)))
            {
                throw new FormatException($"scenario '{name}' has different thresholds in different reports");
            }

            var merged = ScenarioStatistics.FromReport(parts[0]);
            foreach (var part in parts.Skip(1))
            {
                merged.Add(ScenarioStatistics.FromReport(part));
            }

            // Each shard capped its own share of the concurrency; the whole run's cap is their sum.
            var caps = parts.Select(p => p.MaxConcurrency).ToList();
            var info = parts[0].Info() with { MaxConcurrency = caps.All(c => c is not null) ? caps.Sum() : null };
            scenarios.Add(ScenarioReport.From(info, merged));
        }

        var targets = reports.Select(r => r.Target).Distinct(StringComparer.Ordinal).ToList();
        return new LoadReport
        {
            StartedAt = reports.Min(r => r.StartedAt),
            Target = targets.Count == 1 ? targets[0] : string.Join(" + ", targets),
            MergedReports = reports.Sum(r => r.MergedReports),
            Interrupted = reports.Any(r => r.Interrupted),
            Passed = scenarios.All(s => s.Passed),
            Scenarios = scenarios,
        };
    }

    /// <summary>The shards missing from a set of reports of one sharded run (empty when complete or unsharded).</summary>
    public static IReadOnlyList<string> MissingShards(IReadOnlyList<LoadReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var shards = reports.Select(r => r.Shard).OfType<string>().Select(s => Shard.TryParse(s, out var shard, out _) ? shard : null).OfType<Shard>().ToList();
        if (shards.Count == 0)
        {
            return [];
        }

        var count = shards[0].Count;
        return [.. Enumerable.Range(1, count).Where(i => !shards.Any(s => s.Index == i && s.Count == count)).Select(i => $"{i}/{count}")];
    }
}
