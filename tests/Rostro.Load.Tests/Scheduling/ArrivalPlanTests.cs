namespace Rostro.Load.Tests.Scheduling;

public sealed class ArrivalPlanTests
{
    private static List<Arrival> Plan(OpenLoad load, double warmUpSeconds, double durationSeconds, long? cap = null, Shard? shard = null) =>
        [.. ArrivalPlan.For(load, TimeSpan.FromSeconds(warmUpSeconds), TimeSpan.FromSeconds(durationSeconds), cap, shard ?? Shard.Whole)];

    [Fact]
    public void A_constant_rate_is_evenly_spaced_from_the_start()
    {
        var plan = Plan(new ConstantRate(4), 0, 2);

        plan.Select(a => a.Offset).Should().Equal(0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75);
        plan.Select(a => a.Index).Should().Equal(0, 1, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public void Warm_up_runs_at_the_initial_rate_before_the_measured_arrivals()
    {
        var plan = Plan(new ConstantRate(2), 1, 1);

        plan.Select(a => (a.Offset, a.WarmUp)).Should().Equal((0, true), (0.5, true), (1, false), (1.5, false));
    }

    [Fact]
    public void A_linear_ramp_places_arrival_k_where_the_expected_count_reaches_k()
    {
        // From 0 to 10/s over 10 s: Λ(t) = t²/2, so arrival k is at √(2k): 0, 1.414, 2, 2.449, ... and 50 arrivals in all.
        var plan = Plan(new RampRate(0, 10), 0, 10);

        plan.Should().HaveCount(50);
        plan[0].Offset.Should().Be(0);
        plan[1].Offset.Should().BeApproximately(Math.Sqrt(2), 1e-9);
        plan[2].Offset.Should().BeApproximately(2, 1e-9);
        plan[8].Offset.Should().BeApproximately(4, 1e-9);
        plan[49].Offset.Should().BeApproximately(Math.Sqrt(98), 1e-9);
    }

    [Fact]
    public void Steps_run_each_rate_for_its_own_time()
    {
        var plan = Plan(new StepRates([new RateStep(2, TimeSpan.FromSeconds(1)), new RateStep(4, TimeSpan.FromSeconds(0.5))]), 0, 1.5);

        plan.Select(a => a.Offset).Should().Equal(0, 0.5, 1, 1.25);
    }

    [Fact]
    public void Poisson_arrivals_are_the_same_for_the_same_seed_and_average_the_rate()
    {
        var first = Plan(new PoissonRate(50, Seed: 9), 0, 100);
        var again = Plan(new PoissonRate(50, Seed: 9), 0, 100);
        var other = Plan(new PoissonRate(50, Seed: 10), 0, 100);

        again.Should().Equal(first);
        other.Should().NotEqual(first);

        // 5,000 expected; the standard deviation of a Poisson count is √5000 ≈ 71, so ±300 is over four of them.
        first.Count.Should().BeInRange(4700, 5300);
        var gaps = first.Zip(first.Skip(1), (a, b) => b.Offset - a.Offset).ToList();
        gaps.Average().Should().BeApproximately(0.02, 0.002);
        gaps.Should().OnlyContain(g => g >= 0);
    }

    [Fact]
    public void The_request_cap_cuts_the_plan_including_warm_up()
    {
        var plan = Plan(new ConstantRate(10), 1, 10, cap: 15);

        plan.Should().HaveCount(15);
        plan.Count(a => a.WarmUp).Should().Be(10);
    }
}
