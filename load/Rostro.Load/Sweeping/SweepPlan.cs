using System.Globalization;

namespace Rostro.Load;

/// <summary>
/// What <c>run --sweep</c> tries: the scenario at levels <see cref="From"/>, <see cref="From"/> × <see cref="Factor"/>, ...
/// up to <see cref="To"/>, stopping at the first level where a threshold fails; then <see cref="Refinements"/> bisections
/// between the highest level that met every threshold and the lowest that did not. The level is an open load's rate
/// (the peak of a ramp or steps, whose shape is scaled as <c>--rate</c> scales it) or a closed load's concurrency.
/// </summary>
/// <remarks>
/// vLLM's <c>bench sweep serve_sla</c> bisects the same way; guidellm's <c>sweep</c> spreads rates between the lowest and
/// the highest instead. A sharded sweep cannot decide on one shard's figures, so each shard runs the whole ladder,
/// neither stopping early nor refining, and <c>merge</c> finds the knee on the merged steps. Each shard starts a step
/// when its previous one has drained: up to the first failing level every request ends within the objectives, so the
/// shards stay within about one request of each other; past it their drains differ and the levels they run together
/// drift apart, which only blurs levels already above the knee.
/// </remarks>
/// <param name="From">The first level.</param>
/// <param name="To">The last level of the ladder.</param>
public sealed record SweepPlan(double From, double To)
{
    /// <summary>Refinement stops once the failing level is within this fraction above the passing one.</summary>
    public const double Resolution = 0.02;

    /// <summary>The smallest factor between ladder levels (a smaller one would make a ladder of hundreds of steps).</summary>
    public const double SmallestFactor = 1.05;

    /// <summary>The smallest level (rates are kept to three decimals).</summary>
    public const double SmallestLevel = 0.001;

    /// <summary>The largest level.</summary>
    public const double LargestLevel = 1_000_000;

    /// <summary>Each level of the ladder is this many times the one before (above 1).</summary>
    public double Factor { get; init; } = 2;

    /// <summary>Bisections after the first failing level (0 for the ladder alone).</summary>
    public int Refinements { get; init; } = 3;

    /// <summary>No step starts that could not end (warm-up and duration) within this time from the start; null for no budget beyond the plan's own bound.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>Reads <c>from..to</c> (e.g. <c>4..64</c>); false with a reason otherwise.</summary>
    public static bool TryParse(string? text, out SweepPlan plan, out string error)
    {
        plan = null!;
        error = string.Empty;
        var parts = (text ?? string.Empty).Split("..");
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var from)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var to))
        {
            error = $"'{text}' is not a range: write from..to, e.g. 4..64 (rates per second, or concurrencies for a closed load)";
            return false;
        }

        plan = new SweepPlan(from, to);
        if (plan.Problem() is { } problem)
        {
            error = $"'{text}': {problem}";
            plan = null!;
            return false;
        }

        return true;
    }

    /// <summary>What makes this plan unusable (a range, factor or refinement count out of bounds), or null.</summary>
    public string? Problem() =>
        !double.IsFinite(From) || !double.IsFinite(To) || From < SmallestLevel || To > LargestLevel || To <= From ? $"need {SmallestLevel.ToString(CultureInfo.InvariantCulture)} ≤ from < to ≤ {LargestLevel.ToString(CultureInfo.InvariantCulture)}"
        : !double.IsFinite(Factor) || Factor < SmallestFactor || Factor > 10 ? $"--sweep-factor must be a number from {SmallestFactor.ToString(CultureInfo.InvariantCulture)} to 10"
        : Refinements is < 0 or > 10 ? "--sweep-refine must be a whole number from 0 to 10"
        : Budget is { } budget && budget <= TimeSpan.Zero ? "--sweep-budget must be longer than zero"
        : null;

    /// <summary>The levels the ladder climbs, rounded (whole numbers for a concurrency), the last one <see cref="To"/>.</summary>
    public IReadOnlyList<double> Ladder(bool whole)
    {
        if (Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var levels = new List<double>();
        for (var level = From; ; level *= Factor)
        {
            var rounded = Round(Math.Min(level, To), whole);
            if (levels.Count == 0 || rounded > levels[^1])
            {
                levels.Add(rounded);
            }

            if (level >= To)
            {
                return levels;
            }
        }
    }

    /// <summary>The level to try between one that passed and one that failed, or null when they are close enough (or no level lies between).</summary>
    public static double? Between(double passed, double failed, bool whole)
    {
        if (failed - passed <= passed * Resolution)
        {
            return null;
        }

        var middle = Round((passed + failed) / 2, whole);
        return middle > passed && middle < failed ? middle : null;
    }

    /// <summary>The knee of a sweep's steps: the highest level that met every threshold below the lowest level that did not; null when the lowest level failed.</summary>
    public static double? Knee(IEnumerable<(double Level, bool Passed)> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var ordered = steps.OrderBy(s => s.Level).ToList();
        double? knee = null;
        foreach (var (level, passed) in ordered)
        {
            if (!passed)
            {
                break;
            }

            knee = level;
        }

        return knee;
    }

    /// <summary>The plan in words, for the first line of a run.</summary>
    public string Describe(bool whole, bool sharded)
    {
        var ladder = Ladder(whole);
        return string.Create(CultureInfo.InvariantCulture, $"sweep {string.Join(", ", ladder.Select(l => Format(l)))}{Unit(whole)}")
            + (sharded ? " (every level: a shard cannot stop early or refine)" : Refinements > 0 ? $", stopping at the first that fails a threshold, then up to {Refinements} bisection(s)" : ", stopping at the first that fails a threshold")
            + (Budget is { } budget ? $" · budget {DurationText.Format(budget)}" : string.Empty);
    }

    /// <summary>Most steps the plan can run.</summary>
    public int MostSteps(bool whole, bool sharded) => Ladder(whole).Count + (sharded ? 0 : Refinements);

    /// <summary>A level's unit in text: <c>/s</c> for a rate, <c> concurrent</c> for a closed load's concurrency.</summary>
    public static string Unit(bool whole) => whole ? " concurrent" : "/s";

    internal static string Format(double level) => level.ToString("0.###", CultureInfo.InvariantCulture);

    private static double Round(double level, bool whole) => whole ? Math.Max(1, Math.Round(level)) : Math.Round(level, 3);
}
