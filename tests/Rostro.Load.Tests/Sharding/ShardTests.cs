namespace Rostro.Load.Tests.Sharding;

public sealed class ShardTests
{
    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/4", 2, 4)]
    [InlineData("4/4", 4, 4)]
    public void Reads_i_of_n(string text, int index, int count)
    {
        Shard.TryParse(text, out var shard, out _).Should().BeTrue();
        shard.Should().Be(new Shard(index, count));
    }

    [Theory]
    [InlineData("0/2", "count from 1")]
    [InlineData("3/2", "between 1 and 2")]
    [InlineData("1/0", "between 1 and 10000")]
    [InlineData("a/b", "write i/n")]
    [InlineData("1-2", "write i/n")]
    [InlineData("", "write i/n")]
    public void Rejects_what_is_not_a_shard_with_the_reason(string text, string reason)
    {
        Shard.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_shards_plans_together_are_exactly_the_unsharded_plan(int count)
    {
        var loads = new OpenLoad[] { new ConstantRate(37), new PoissonRate(23, Seed: 4), new RampRate(1, 40), new StepRates([new RateStep(5, TimeSpan.FromSeconds(2)), new RateStep(30, TimeSpan.FromSeconds(3))]) };
        foreach (var load in loads)
        {
            var whole = ArrivalPlan.For(load, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), maxRequests: 111, Shard.Whole).ToList();
            var shards = Enumerable.Range(1, count).Select(i => ArrivalPlan.For(load, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), maxRequests: 111, new Shard(i, count)).ToList()).ToList();

            shards.SelectMany(s => s).OrderBy(a => a.Index).Should().Equal(whole, load.Describe());
            shards.Select(s => s.Count).Max().Should().BeLessThanOrEqualTo(shards.Select(s => s.Count).Min() + 1, "equal shares");
        }
    }

    [Fact]
    public void Shares_of_a_whole_number_add_up_to_it()
    {
        foreach (var whole in new long[] { 0, 1, 5, 50, 101 })
        {
            Enumerable.Range(1, 4).Sum(i => new Shard(i, 4).Part(whole)).Should().Be(whole);
        }

        new Shard(1, 4).Part(5).Should().Be(2);
        new Shard(2, 4).Part(5).Should().Be(1);
    }
}
