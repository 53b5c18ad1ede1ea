using System.Globalization;

namespace Rostro.Load;

/// <summary>How requests arrive: an open model (a rate, timed from the plan whatever the responses do) or a closed one (N concurrent).</summary>
public abstract record LoadModel
{
    /// <summary>One line for reports, e.g. <c>constant 20/s</c>.</summary>
    public abstract string Describe();
}

/// <summary>An open model: arrivals planned ahead from a rate; a slow response never delays the next arrival (no coordinated omission).</summary>
public abstract record OpenLoad : LoadModel
{
    /// <summary>Arrivals per second at the start; warm-up runs at this rate.</summary>
    public abstract double InitialRate { get; }

    /// <summary>The length this model fixes itself (steps), or null when the scenario's duration applies.</summary>
    public virtual TimeSpan? OwnDuration => null;

    /// <summary>Arrival times in seconds from the start of the measured phase, ascending, all below <paramref name="durationSeconds"/>.</summary>
    public abstract IEnumerable<double> ArrivalTimes(double durationSeconds);

    /// <summary>The same shape with its peak rate set to <paramref name="rate"/> (the <c>--rate</c> override).</summary>
    public abstract OpenLoad WithPeakRate(double rate);

    /// <summary>Evenly spaced arrivals <c>k / rate</c> from <paramref name="from"/>, below <paramref name="until"/>.</summary>
    private protected static IEnumerable<double> Even(double rate, double from, double until)
    {
        if (rate <= 0)
        {
            yield break;
        }

        for (long k = 0; ; k++)
        {
            var t = from + (k / rate);
            if (t >= until)
            {
                yield break;
            }

            yield return t;
        }
    }

    private protected static string PerSecond(double rate) => rate.ToString("0.###", CultureInfo.InvariantCulture) + "/s";
}

/// <summary>A constant rate, evenly spaced: arrival k at k / rate seconds.</summary>
/// <param name="Rate">Arrivals per second.</param>
public sealed record ConstantRate(double Rate) : OpenLoad
{
    /// <inheritdoc />
    public override double InitialRate => Rate;

    /// <inheritdoc />
    public override IEnumerable<double> ArrivalTimes(double durationSeconds) => Even(Rate, 0, durationSeconds);

    /// <inheritdoc />
    public override OpenLoad WithPeakRate(double rate) => this with { Rate = rate };

    /// <inheritdoc />
    public override string Describe() => $"constant {PerSecond(Rate)}";
}

/// <summary>A Poisson process: exponential gaps of mean 1 / rate, drawn from a seed so every shard plans the same arrivals.</summary>
/// <param name="Rate">Mean arrivals per second.</param>
/// <param name="Seed">Seed of the gaps.</param>
public sealed record PoissonRate(double Rate, int Seed = 1) : OpenLoad
{
    /// <inheritdoc />
    public override double InitialRate => Rate;

    /// <inheritdoc />
    public override IEnumerable<double> ArrivalTimes(double durationSeconds)
    {
        if (Rate <= 0)
        {
            yield break;
        }

        var random = new Random(Seed);
        var t = 0.0;
        while (true)
        {
            // 1 - NextDouble() is in (0, 1], so the logarithm is finite.
            t += -Math.Log(1 - random.NextDouble()) / Rate;
            if (t >= durationSeconds)
            {
                yield break;
            }

            yield return t;
        }
    }

    /// <inheritdoc />
    public override OpenLoad WithPeakRate(double rate) => this with { Rate = rate };

    /// <inheritdoc />
    public override string Describe() => $"poisson {PerSecond(Rate)} (seed {Seed})";
}

/// <summary>A linear ramp from <paramref name="From"/> to <paramref name="To"/> arrivals per second over the duration.</summary>
/// <remarks>Arrival k is where the expected count Λ(t) = from·t + (to − from)·t² / 2D reaches k, so the spacing follows the rate exactly.</remarks>
/// <param name="From">Rate at the start.</param>
/// <param name="To">Rate at the end.</param>
public sealed record RampRate(double From, double To) : OpenLoad
{
    /// <inheritdoc />
    public override double InitialRate => From;

    /// <inheritdoc />
    public override IEnumerable<double> ArrivalTimes(double durationSeconds)
    {
        var slope = (To - From) / durationSeconds;
        for (long k = 0; ; k++)
        {
            double t;
            if (Math.Abs(slope) < 1e-12)
            {
                if (From <= 0)
                {
                    yield break;
                }

                t = k / From;
            }
            else
            {
                // Solve from·t + slope·t²/2 = k for the smallest t ≥ 0.
                var discriminant = (From * From) + (2 * slope * k);
                if (discriminant < 0)
                {
                    yield break;
                }

                t = (Math.Sqrt(discriminant) - From) / slope;
            }

            if (t >= durationSeconds || t < 0)
            {
                yield break;
            }

            yield return t;
        }
    }

    /// <inheritdoc />
    public override OpenLoad WithPeakRate(double rate)
    {
        var peak = Math.Max(From, To);
        return peak <= 0 ? this with { To = rate } : this with { From = From * rate / peak, To = To * rate / peak };
    }

    /// <inheritdoc />
    public override string Describe() => $"ramp {PerSecond(From)} → {PerSecond(To)}";
}

/// <summary>One step of a <see cref="StepRates"/> load.</summary>
/// <param name="Rate">Arrivals per second during the step.</param>
/// <param name="Duration">How long the step lasts.</param>
public sealed record RateStep(double Rate, TimeSpan Duration);

/// <summary>Constant rates one after another; the steps' durations add up to the measured duration.</summary>
/// <param name="Steps">The steps, in order.</param>
public sealed record StepRates(IReadOnlyList<RateStep> Steps) : OpenLoad
{
    /// <inheritdoc />
    public override double InitialRate => Steps.Count == 0 ? 0 : Steps[0].Rate;

    /// <inheritdoc />
    public override TimeSpan? OwnDuration => TimeSpan.FromTicks(Steps.Sum(s => s.Duration.Ticks));

    /// <inheritdoc />
    public override IEnumerable<double> ArrivalTimes(double durationSeconds)
    {
        var start = 0.0;
        foreach (var step in Steps)
        {
            var end = Math.Min(start + step.Duration.TotalSeconds, durationSeconds);
            foreach (var t in Even(step.Rate, start, end))
            {
                yield return t;
            }

            start += step.Duration.TotalSeconds;
            if (start >= durationSeconds)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public override OpenLoad WithPeakRate(double rate)
    {
        var peak = Steps.Count == 0 ? 0 : Steps.Max(s => s.Rate);
        return peak <= 0 ? this : this with { Steps = [.. Steps.Select(s => s with { Rate = s.Rate * rate / peak })] };
    }

    /// <inheritdoc />
    public override string Describe() =>
        "steps " + string.Join(", ", Steps.Select(s => $"{PerSecond(s.Rate)} for {DurationText.Format(s.Duration)}"));

    /// <inheritdoc />
    public bool Equals(StepRates? other) => other is not null && Steps.SequenceEqual(other.Steps);

    /// <inheritdoc />
    public override int GetHashCode() => Steps.Aggregate(0, (hash, step) => HashCode.Combine(hash, step));
}

/// <summary>A closed model: this many requests in flight, each sent as soon as the previous one of its slot ends.</summary>
/// <param name="Concurrency">Requests in flight.</param>
public sealed record ClosedLoad(int Concurrency) : LoadModel
{
    /// <inheritdoc />
    public override string Describe() => $"closed {Concurrency} concurrent";
}
