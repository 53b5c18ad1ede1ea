namespace Rostro.Load;

/// <summary>One planned request of an open model.</summary>
/// <param name="Index">Its place in the whole (unsharded) plan, from 0.</param>
/// <param name="Offset">When it is due, in seconds from the start of the run (warm-up included).</param>
/// <param name="WarmUp">Whether it falls in the warm-up, whose results are not measured.</param>
public readonly record struct Arrival(long Index, double Offset, bool WarmUp);

/// <summary>The arrivals of an open model, planned before the run: the warm-up at the initial rate, then the model's shape over the duration.</summary>
/// <remarks>
/// The plan is a pure function of the model, the times, the cap and the shard, so every shard computes the same whole plan
/// and keeps its own arrivals; n shards' plans together are exactly the unsharded plan.
/// </remarks>
public static class ArrivalPlan
{
    /// <summary>The shard's arrivals, in time order.</summary>
    /// <param name="load">The open model.</param>
    /// <param name="warmUp">Warm-up length (at <see cref="OpenLoad.InitialRate"/>).</param>
    /// <param name="duration">Measured length.</param>
    /// <param name="maxRequests">Most requests of the whole run, warm-up included; null for no cap.</param>
    /// <param name="shard">Which share to keep.</param>
    public static IEnumerable<Arrival> For(OpenLoad load, TimeSpan warmUp, TimeSpan duration, long? maxRequests, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(shard);
        long index = 0;
        foreach (var arrival in Whole(load, warmUp, duration))
        {
            if (maxRequests is { } cap && index >= cap)
            {
                yield break;
            }

            if (shard.Owns(index))
            {
                yield return arrival with { Index = index };
            }

            index++;
        }
    }

    private static IEnumerable<Arrival> Whole(OpenLoad load, TimeSpan warmUp, TimeSpan duration)
    {
        var warm = warmUp.TotalSeconds;
        if (warm > 0)
        {
            var warmModel = load is PoissonRate poisson ? (OpenLoad)new PoissonRate(poisson.Rate, unchecked(poisson.Seed + 1)) : new ConstantRate(load.InitialRate);
            foreach (var t in warmModel.ArrivalTimes(warm))
            {
                yield return new Arrival(0, t, WarmUp: true);
            }
        }

        if (duration <= TimeSpan.Zero)
        {
            yield break;
        }

        foreach (var t in load.ArrivalTimes(duration.TotalSeconds))
        {
            yield return new Arrival(0, warm + t, WarmUp: false);
        }
    }
}
