namespace Rostro.Load;

/// <summary>What <c>run</c> and <c>merge</c> do once their arguments are parsed; every problem a user can cause ends as one line and an exit code.</summary>
internal sealed class RunCommand(TextWriter output, TextWriter error, bool outputIsTerminal, Func<string, string?> environment)
{
    public async Task<int> RunAsync(FileInfo scenarioFile, string? targetText, TimeSpan? duration, double? rate, int? concurrency, SweepPlan? sweep, DirectoryInfo outDirectory, Shard shard, ProgressMode progress, string? otlpText, bool otlpGrpc, CancellationToken cancellationToken)
    {
        ScenarioFile file;
        LoadScenario scenario;
        try
        {
            file = await ScenarioFile.LoadAsync(scenarioFile.FullName, cancellationToken).ConfigureAwait(false);
            scenario = ScenarioFile.Override(file.Scenario, duration, rate, concurrency);
        }
        catch (ScenarioFileException e)
        {
            foreach (var problem in e.Problems)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return LoadCommandLine.BadInput;
        }

        if (sweep is not null)
        {
            var conflict = rate is not null ? "--rate: a sweep sets the rate itself (from..to)"
                : concurrency is not null && scenario.Load is ClosedLoad ? "--concurrency: a sweep of a closed load sets the concurrency itself (from..to)"
                : LoadSweep.Problem(scenario, sweep);
            if (conflict is not null)
            {
                return await BadAsync(conflict).ConfigureAwait(false);
            }
        }

        Uri target;
        if (targetText is not null)
        {
            if (TargetPolicy.Check(targetText, out var parsed) is { } problem)
            {
                return await BadAsync($"--target: {problem}").ConfigureAwait(false);
            }

            target = parsed!;
        }
        else if (file.Target is { } own)
        {
            target = own;
        }
        else
        {
            return await BadAsync("name the target with --target <url> (the scenario file names none)").ConfigureAwait(false);
        }

        var credential = environment(LoadCommandLine.TokenVariable);
        if (string.IsNullOrEmpty(credential))
        {
            if (!TargetPolicy.IsLoopback(target))
            {
                return await BadAsync($"{LoadCommandLine.TokenVariable} is not set: a remote target needs its credential there").ConfigureAwait(false);
            }

            credential = LoadCommandLine.LoopbackToken;
        }

        Uri? otlp = null;
        if (otlpText is not null && (!Uri.TryCreate(otlpText, UriKind.Absolute, out otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            return await BadAsync("--otlp: expected an http(s) URL such as http://127.0.0.1:4318").ConfigureAwait(false);
        }

        var cap = scenario.MaxConcurrency is { } most && scenario.Load is OpenLoad ? $", at most {most} in flight" : string.Empty;
        var whole = scenario.Load is ClosedLoad;
        var load = sweep is null ? scenario.Load.Describe() : $"{scenario.Load.Describe()} → {sweep.Describe(whole, !shard.IsWhole)}";
        await output.WriteLineAsync($"rostro-load: {scenario.Name} → {TargetPolicy.Describe(target)} · {load}{cap} · warm-up {DurationText.Format(scenario.WarmUp)} + {DurationText.Format(scenario.EffectiveDuration)}{(sweep is null ? string.Empty : " per step")}{(shard.IsWhole ? string.Empty : $" · shard {shard}")}").ConfigureAwait(false);

        using var export = otlp is null ? null : OtlpExport.Start(otlp, otlpGrpc, TimeSpan.FromSeconds(5), shard);
        var options = new LoadRunnerOptions { Target = target, Credential = credential, Shard = shard };
        LoadReport report;
        IReadOnlyList<string> stepErrors;
        if (sweep is null)
        {
            var run = new LoadRunner(options).Start([scenario], cancellationToken);
            await ProgressDisplay.ShowAsync(run, progress, output, outputIsTerminal).ConfigureAwait(false);
            report = await run.Completion.ConfigureAwait(false);
            stepErrors = run.StepErrors;
        }
        else
        {
            var mostSteps = sweep.MostSteps(whole, !shard.IsWhole);
            var unit = SweepPlan.Unit(whole);
            var sweeper = new LoadSweep(options, sweep)
            {
                StepStarted = async (run, level, number) =>
                {
                    await output.WriteLineAsync($"step {number} of at most {mostSteps}: {SweepPlan.Format(level)}{unit}").ConfigureAwait(false);
                    await ProgressDisplay.ShowAsync(run, progress, output, outputIsTerminal).ConfigureAwait(false);
                },
                StepEnded = step => output.WriteLine($"  {step.Summary(unit)}"),
            };
            report = await sweeper.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
            stepErrors = sweeper.StepErrors;
        }

        foreach (var line in stepErrors)
        {
            await error.WriteLineAsync($"warning: {line}").ConfigureAwait(false);
        }

        return await WriteAsync(report, outDirectory).ConfigureAwait(false);
    }

    public async Task<int> MergeAsync(FileInfo[] files, DirectoryInfo outDirectory, CancellationToken cancellationToken)
    {
        var reports = new List<LoadReport>();
        foreach (var file in files)
        {
            try
            {
                reports.Add(ReportJson.Deserialize(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return await BadAsync($"{file.Name}: {e.Message}").ConfigureAwait(false);
            }
        }

        LoadReport merged;
        try
        {
            merged = ReportMerge.Merge(reports);
        }
        catch (FormatException e)
        {
            return await BadAsync($"cannot merge: {e.Message}").ConfigureAwait(false);
        }

        if (ReportMerge.MissingShards(reports) is { Count: > 0 } missing)
        {
            await error.WriteLineAsync($"warning: shard(s) {string.Join(", ", missing)} missing: the merge covers only part of the run").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"rostro-load: merged {reports.Count} report(s)").ConfigureAwait(false);
        foreach (var step in merged.Sweep?.Steps ?? [])
        {
            await output.WriteLineAsync($"  {step.Summary(merged.Sweep!.Unit)}").ConfigureAwait(false);
        }

        return await WriteAsync(merged, outDirectory).ConfigureAwait(false);
    }

    private async Task<int> WriteAsync(LoadReport report, DirectoryInfo outDirectory)
    {
        IReadOnlyList<string> paths;
        try
        {
            // Written even after Ctrl+C: the run's token is not passed on, so an interrupted run still leaves its reports.
            paths = await ReportFiles.WriteAsync(report, outDirectory.FullName, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot write the reports to {outDirectory.FullName}: {e.Message}").ConfigureAwait(false);
            return LoadCommandLine.OutputFailed;
        }

        foreach (var s in report.Scenarios)
        {
            var r = s.Requests;
            await output.WriteLineAsync($"{s.Name}: {r.Ok} ok, {r.Failed} failed, {r.Dropped} dropped · TTFT p50 {LoadCommandLine.Format(s.TtftMs.P50)} ms p99 {LoadCommandLine.Format(s.TtftMs.P99)} ms · ITL p50 {LoadCommandLine.Format(s.ItlMs.P50)} ms · E2E p50 {LoadCommandLine.Format(s.E2eMs.P50)} ms · {LoadCommandLine.Format(s.Throughput.RequestsPerS.Mean)} req/s · scheduler lag p99 {LoadCommandLine.Format(s.SchedulerLagMs.P99)} ms").ConfigureAwait(false);
            foreach (var t in s.Thresholds)
            {
                await output.WriteLineAsync($"  {(t.Passed ? "pass" : "FAIL")}  {t.Expression}{(t.Passed ? string.Empty : $" — {t.Reason}")}").ConfigureAwait(false);
            }
        }

        if (report.Sweep is { } sweep)
        {
            await output.WriteLineAsync($"sweep: {sweep.Outcome}{(sweep.KneeGoodputPerS is { } goodput ? $" · goodput at the knee {LoadCommandLine.Format(goodput)} req/s" : string.Empty)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"reports: {string.Join(", ", paths)}").ConfigureAwait(false);
        if (report.Interrupted)
        {
            await output.WriteLineAsync("stopped early (Ctrl+C): the reports cover what ran").ConfigureAwait(false);
            return LoadCommandLine.Interrupted;
        }

        return report.Passed ? LoadCommandLine.Passed : LoadCommandLine.ThresholdFailed;
    }

    private async Task<int> BadAsync(string message)
    {
        await error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return LoadCommandLine.BadInput;
    }
}
