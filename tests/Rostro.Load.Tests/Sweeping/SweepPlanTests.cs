namespace Rostro.Load.Tests.Sweeping;

public sealed class SweepPlanTests
{
    [Theory]
    [InlineData("4..32", 2, false, new[] { 4.0, 8, 16, 32 })]
    [InlineData("3..20", 2, false, new[] { 3.0, 6, 12, 20 })]
    [InlineData("1..10", 3, false, new[] { 1.0, 3, 9, 10 })]
    [InlineData("1.5..10", 1.5, true, new[] { 2.0, 3, 5, 8, 10 })]
    [InlineData("0.5..1", 4, false, new[] { 0.5, 1 })]
    public void The_ladder_climbs_by_the_factor_and_ends_at_the_top(string range, double factor, bool whole, double[] expected)
    {
        SweepPlan.TryParse(range, out var plan, out var error).Should().BeTrue(error);

        (plan with { Factor = factor }).Ladder(whole).Should().Equal(expected);
    }

    [Theory]
    [InlineData(8, 16, false, 12.0)]
    [InlineData(14, 15, false, 14.5)]
    [InlineData(3, 7, true, 5.0)]
    public void Between_bisects(double passed, double failed, bool whole, double expected) =>
        SweepPlan.Between(passed, failed, whole).Should().Be(expected);

    [Theory]
    [InlineData(14, 14.2, false)]
    [InlineData(100, 101.9, false)]
    [InlineData(3, 4, true)]
    public void Between_stops_when_the_two_are_close_or_no_whole_level_lies_between(double passed, double failed, bool whole) =>
        SweepPlan.Between(passed, failed, whole).Should().BeNull();

    [Fact]
    public void The_knee_is_the_highest_pass_below_the_lowest_failure()
    {
        SweepPlan.Knee([(4, true), (8, true), (16, false), (12, true), (14, true), (15, false), (14.5, true)]).Should().Be(14.5);

        // A level that passes above one that failed (noise) is not the knee: the first failure bounds it.
        SweepPlan.Knee([(4, true), (8, false), (16, true)]).Should().Be(4);
        SweepPlan.Knee([(4, true), (8, true)]).Should().Be(8);
        SweepPlan.Knee([(4, false), (8, true)]).Should().BeNull();
        SweepPlan.Knee([]).Should().BeNull();
    }

    [Theory]
    [InlineData("32..4")]
    [InlineData("0..4")]
    [InlineData("4..4")]
    [InlineData("4-32")]
    [InlineData("a..b")]
    [InlineData("4..2000000")]
    [InlineData("")]
    public void A_bad_range_is_refused_with_the_form_to_write(string text)
    {
        SweepPlan.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Contain(text.Length == 0 ? "from..to" : $"'{text}'");
    }

    [Fact]
    public void A_plan_says_how_many_steps_it_can_run()
    {
        var plan = new SweepPlan(4, 32) { Refinements = 3 };

        plan.MostSteps(whole: false, sharded: false).Should().Be(7);
        plan.MostSteps(whole: false, sharded: true).Should().Be(4, "a shard neither stops early nor refines");
        plan.Describe(whole: false, sharded: false).Should().Be("sweep 4, 8, 16, 32/s, stopping at the first that fails a threshold, then up to 3 bisection(s)");
    }
}
