using System.Diagnostics;

namespace Rostro.Load;

/// <summary>
/// Runs a scenario at rising levels (<see cref="SweepPlan"/>) until a threshold fails, bisects towards the knee, and reports
/// every step: the engine behind <c>run --sweep</c>, usable from C#. Each step is a whole run of the scenario (its warm-up,
/// its duration, every request ended) before the next starts, so no step's backlog is measured in the next one.
/// </summary>
/// <example>
/// <code>
/// var report = await new LoadSweep(new LoadRunnerOptions { Target = new Uri("http://127.0.0.1:4010/") }, new SweepPlan(2, 32)).RunAsync(scenario);
/// Console.WriteLine(report.Sweep!.Outcome);
/// </code>
/// </example>
/// <param name="options">Where the load goes (each step runs with these).</param>
/// <param name="plan">The levels to try.</param>
public sealed class LoadSweep(LoadRunnerOptions options, SweepPlan plan)
{
    private readonly LoadRunnerOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly SweepPlan _plan = plan ?? throw new ArgumentNullException(nameof(plan));

    /// <summary>Called as each step starts, with its run, level and number (the command line shows its progress).</summary>
    public Func<LoadRun, double, int, Task>? StepStarted { get; init; }

    /// <summary>Called as each step ends.</summary>
    public Action<SweepStep>? StepEnded { get; init; }

    /// <summary>Errors thrown by C# steps, one line per step that had any.</summary>
    public IReadOnlyList<string> StepErrors { get; private set; } = [];

    /// <summary>Why a scenario cannot be swept with a plan (no thresholds to find a knee by, a range its load cannot take, a budget shorter than one step), or null.</summary>
    public static string? Problem(LoadScenario scenario, SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(plan);
        var step = scenario.WarmUp + scenario.EffectiveDuration;
        return plan.Problem() is { } problem ? problem
            : scenario.Thresholds.Count == 0 ? $"scenario '{scenario.Name}' has no thresholds: a sweep looks for the highest level that meets them"
            : scenario.Load is ClosedLoad && plan.To > 100_000 ? "a closed load's concurrency goes up to 100000"
            : plan.Budget is { } budget && budget < step ? $"--sweep-budget {DurationText.Format(budget)} is shorter than one step ({DurationText.Format(step)}: warm-up + duration)"
            : null;
    }

    /// <summary>The scenario at one level: an open load's (peak) rate, or a closed load's concurrency.</summary>
    public static LoadScenario AtLevel(LoadScenario scenario, double level)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Load switch
        {
            OpenLoad open => scenario with { Load = open.WithPeakRate(level) },
            _ => scenario with { Load = new ClosedLoad((int)Math.Round(level)) },
        };
    }

    /// <summary>Runs the sweep; the report's <see cref="LoadReport.Sweep"/> holds every step, the knee and the outcome.</summary>
    public async Task<LoadReport> RunAsync(LoadScenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (Problem(scenario, _plan) is { } problem)
        {
            throw new ArgumentException(problem, nameof(scenario));
        }

        var whole = scenario.Load is ClosedLoad;
        var sharded = !_options.Shard.IsWhole;
        var startedAt = DateTimeOffset.UtcNow;
        var elapsed = Stopwatch.StartNew();
        var stepTime = scenario.WarmUp + scenario.EffectiveDuration;
        var steps = new List<SweepStep>();
        var errors = new List<string>();
        var usage = new List<ClientUsage>();
        string? stopped = null;
        var interrupted = false;

        // The verdict of one step, or null when the sweep must stop (budget, Ctrl+C).
        async Task<bool?> StepAsync(double level)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                stopped = "Ctrl+C";
                return null;
            }

            if (_plan.Budget is { } budget && elapsed.Elapsed + stepTime > budget)
            {
                stopped = $"the time budget of {DurationText.Format(budget)} leaves no room for a step at {SweepPlan.Format(level)}";
                return null;
            }

            var run = new LoadRunner(_options).Start([AtLevel(scenario, level)], cancellationToken);
            if (StepStarted is { } started)
            {
                await started(run, level, steps.Count + 1).ConfigureAwait(false);
            }

            var report = await run.Completion.ConfigureAwait(false);
            errors.AddRange(run.StepErrors.Select(e => $"at {SweepPlan.Format(level)}: {e}"));
            if (report.Client is { } client)
            {
                usage.Add(client);
            }

            if (report.Interrupted)
            {
                // A step cut short measured part of its load: not a verdict on the level.
                interrupted = true;
                stopped = "Ctrl+C";
                return null;
            }

            var step = new SweepStep { Level = level, Scenario = report.Scenarios[0] };
            steps.Add(step);
            StepEnded?.Invoke(step);
            return step.Scenario.Passed;
        }

        double? passed = null;
        double? failed = null;
        foreach (var level in _plan.Ladder(whole))
        {
            if (await StepAsync(level).ConfigureAwait(false) is not { } verdict)
            {
                break;
            }

            if (verdict)
            {
                passed = level;
            }
            else
            {
                failed ??= level;
                if (!sharded)
                {
                    break;
                }
            }
        }

        if (!sharded && stopped is null && passed is { } low && failed is { } high)
        {
            for (var i = 0; i < _plan.Refinements && SweepPlan.Between(low, high, whole) is { } middle; i++)
            {
                if (await StepAsync(middle).ConfigureAwait(false) is not { } verdict)
                {
                    break;
                }

                (low, high) = verdict ? (middle, high) : (low, middle);
            }
        }

        StepErrors = errors;
        var sweep = new SweepReport
        {
            Variable = whole ? "concurrency" : "rate",
            From = _plan.From,
            To = _plan.To,
            Factor = _plan.Factor,
            Refinements = sharded ? 0 : _plan.Refinements,
            BudgetS = _plan.Budget?.TotalSeconds,
        }.Conclude(steps, stopped);
        return new LoadReport
        {
            FormatVersion = LoadReport.SweepFormatVersion,
            StartedAt = startedAt,
            Target = TargetPolicy.Describe(_options.Target),
            Shard = sharded ? _options.Shard.ToString() : null,
            Interrupted = interrupted,
            Passed = sweep.Knee is not null,
            Client = ClientUsage.Sum(usage),
            Sweep = sweep,
        };
    }
}
