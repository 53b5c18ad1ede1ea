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

        if (reports.Any(r => r.Sweep is null) && reports.Any(r => r.Sweep is not null))
        {
            throw new FormatException("some reports are of a sweep and some of a plain run; merge the shards of one run");
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

        var scenarios = names.Select(name => MergeScenario(name, [.. reports.Select(r => r.Scenarios.First(s => s.Name == name))])).ToList();
        var sweep = MergeSweeps(reports);
        var targets = reports.Select(r => r.Target).Distinct(StringComparer.Ordinal).ToList();
        return new LoadReport
        {
            FormatVersion = sweep is null ? LoadReport.RunFormatVersion : LoadReport.SweepFormatVersion,
            StartedAt = reports.Min(r => r.StartedAt),
            Target = targets.Count == 1 ? targets[0] : string.Join(" + ", targets),
            MergedReports = reports.Sum(r => r.MergedReports),
            Interrupted = reports.Any(r => r.Interrupted),
            Passed = sweep is null ? scenarios.All(s => s.Passed) : sweep.Knee is not null,
            Scenarios = scenarios,
            Sweep = sweep,
        };
    }

    // One scenario's shards merged: histograms bucket by bucket, counts summed, thresholds judged again on the whole.
    private static ScenarioReport MergeScenario(string name, IReadOnlyList<ScenarioReport> parts)
    {
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
        return ScenarioReport.From(info, merged);
    }

    // A sharded sweep's shards ran the same ladder: each level's steps merged, and the knee found on the merged steps.
    private static SweepReport? MergeSweeps(IReadOnlyList<LoadReport> reports)
    {
        var sweeps = reports.Select(r => r.Sweep).ToList();
        if (sweeps.All(s => s is null))
        {
            return null;
        }

        var first = sweeps[0]!;
        if (sweeps.Any(s => s!.Variable != first.Variable || s.From != first.From || s.To != first.To || s.Factor != first.Factor))
        {
            throw new FormatException("the reports are of sweeps over different ladders; merge the shards of one sweep");
        }

        // A shard stopped by its time budget or Ctrl+C ran fewer levels: only the levels every shard ran are merged.
        var levels = first.Steps.Select(s => s.Level).Where(level => sweeps.All(s => s!.Steps.Any(step => step.Level == level))).ToList();
        var steps = levels.Select(level => new SweepStep
        {
            Level = level,
            Scenario = MergeScenario(first.Steps.First(s => s.Level == level).Scenario.Name, [.. sweeps.Select(s => s!.Steps.First(step => step.Level == level).Scenario)]),
        }).ToList();
        var partial = sweeps.SelectMany(s => s!.Steps.Select(step => step.Level)).Distinct().Where(l => !levels.Contains(l)).Order().ToList();
        return first.Conclude(steps, partial.Count == 0 ? null : $"level(s) {string.Join(", ", partial.Select(SweepPlan.Format))} ran in only some shards and are left out");
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
