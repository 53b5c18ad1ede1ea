using System.Globalization;

namespace Rostro.Load;

/// <summary>A sweep's results (<c>report.json</c>'s <c>sweep</c>): every step's full report, the knee and how the sweep ended.</summary>
public sealed record SweepReport
{
    /// <summary>What was swept: <c>rate</c> (arrivals per second; an open load's peak) or <c>concurrency</c> (a closed load).</summary>
    public string Variable { get; init; } = "rate";

    /// <summary>The first level of the ladder.</summary>
    public double From { get; init; }

    /// <summary>The last level of the ladder.</summary>
    public double To { get; init; }

    /// <summary>Each level of the ladder is this many times the one before.</summary>
    public double Factor { get; init; }

    /// <summary>Bisections allowed after the first failing level.</summary>
    public int Refinements { get; init; }

    /// <summary>The time budget, seconds (null for none).</summary>
    public double? BudgetS { get; init; }

    /// <summary>The highest level that met every threshold, below the lowest that did not; null when the lowest level failed.</summary>
    public double? Knee { get; init; }

    /// <summary>The lowest level that failed a threshold; null when every level passed.</summary>
    public double? LowestFailing { get; init; }

    /// <summary>Goodput at the knee: requests per second that succeeded within every per-request objective.</summary>
    public double? KneeGoodputPerS { get; init; }

    /// <summary>How the sweep ended, in one sentence.</summary>
    public string Outcome { get; init; } = string.Empty;

    /// <summary>The steps in the order they ran.</summary>
    public IReadOnlyList<SweepStep> Steps { get; init; } = [];

    /// <summary>The unit of a level in text (<c>/s</c> or <c> concurrent</c>).</summary>
    public string Unit => SweepPlan.Unit(Variable == "concurrency");

    /// <summary>The knee, goodput and outcome of a set of steps (a sweep's own, or the merged steps of a sharded one).</summary>
    /// <param name="steps">The steps run, in order; an interrupted step is left out by the caller.</param>
    /// <param name="stopped">Why the sweep stopped before its plan was done (a time budget, Ctrl+C), or null.</param>
    public SweepReport Conclude(IReadOnlyList<SweepStep> steps, string? stopped)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var knee = SweepPlan.Knee(steps.Select(s => (s.Level, s.Scenario.Passed)));
        var failing = steps.Where(s => !s.Scenario.Passed).Select(s => (double?)s.Level).Min();
        var kneeStep = knee is { } k ? steps.Last(s => s.Level == k) : null;
        string outcome;
        if (steps.Count == 0)
        {
            outcome = "no step ran";
        }
        else if (knee is null)
        {
            var lowest = steps.OrderBy(s => s.Level).First();
            outcome = $"the lowest level, {L(lowest.Level)}, already failed ({Failed(lowest)}): the knee is below it; start the sweep lower";
        }
        else if (failing is { } fail)
        {
            var first = steps.First(s => s.Level == fail);
            outcome = $"knee {L(knee.Value)}: the highest level that met every threshold; {L(fail)} did not ({Failed(first)})";
        }
        else
        {
            outcome = $"every level passed, up to {L(knee.Value)}: the knee is at or above it; sweep higher to find it";
        }

        return this with
        {
            Knee = knee,
            LowestFailing = failing,
            KneeGoodputPerS = kneeStep?.Scenario.Throughput.GoodputPerS.Mean,
            Outcome = stopped is null ? outcome : $"{outcome} (stopped early: {stopped})",
            Steps = steps,
        };
    }

    private string L(double level) => SweepPlan.Format(level) + Unit;

    private static string Failed(SweepStep step) =>
        string.Join("; ", step.Scenario.Thresholds.Where(t => !t.Passed).Select(t => $"{t.Expression}: {t.Reason}"));
}

/// <summary>One step of a sweep: the scenario run at one level.</summary>
public sealed record SweepStep
{
    /// <summary>The level (rate per second, or concurrency).</summary>
    public double Level { get; init; }

    /// <summary>The step's report, as a plain run of the scenario at this level would write it.</summary>
    public ScenarioReport Scenario { get; init; } = new();

    /// <summary>One line: the level, the verdict, the figures a sweep is read by.</summary>
    public string Summary(string unit)
    {
        var s = Scenario;
        var failed = s.Thresholds.Where(t => !t.Passed).Select(t => $"{t.Expression} ({t.Reason})").ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{SweepPlan.Format(Level)}{unit}: {(s.Passed ? "pass" : "FAIL")} · {s.Throughput.RequestsPerS.Mean:0.##} req/s, goodput {s.Throughput.GoodputPerS.Mean:0.##}/s · TTFT p50 {s.TtftMs.P50:0.#} ms p95 {s.TtftMs.P95:0.#} ms · ITL p99 {s.ItlMs.P99:0.##} ms · errors {s.ErrorRate:P1}{(failed.Count == 0 ? string.Empty : " — " + string.Join("; ", failed))}");
    }
}
