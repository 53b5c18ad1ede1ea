using static Rostro.Load.Tests.Infrastructure.Timelines;

namespace Rostro.Load.Tests.Sweeping;

/// <summary>A sharded sweep: each shard runs every level; the merge judges each level on the merged figures and finds the knee there.</summary>
public sealed class SweepMergeTests
{
    private const string Bound = "ttft_ms.p95 < 400";
    private static readonly double[] s_levels = [4, 8, 16];

    // 100 requests per shard and level, TTFT 100 ms, some 500 ms: shard 2's share of slow ones alone fails at 8/s,
    // the whole run's (4 %) does not; at 16/s half of shard 2's are slow and the whole run fails.
    private static IEnumerable<RequestTimeline> Samples(int shard, double level)
    {
        var slowEvery = (shard, level) switch
        {
            (2, 8) => 12,
            (2, 16) => 2,
            _ => 0,
        };
        for (var i = 0; i < 100; i++)
        {
            var sent = i * 50.0;
            var ttft = slowEvery > 0 && i % slowEvery == 0 ? 500 : 100;
            var tokens = Enumerable.Range(0, 5).Select(k => sent + ttft + (k * 10.0)).ToArray();
            yield return Streamed(sent, tokens, tokens[^1] + 1, usageTokens: 5);
        }
    }

    private static ScenarioReport Step(IEnumerable<RequestTimeline> timelines)
    {
        var statistics = Statistics(Bound);
        foreach (var timeline in timelines)
        {
            statistics.Record(timeline);
        }

        return ScenarioReport.From(Info("sweep", Bound), statistics);
    }

    private static LoadReport Shard(int shard, IEnumerable<double> levels)
    {
        var steps = levels.Select(level => new SweepStep { Level = level, Scenario = Step(Samples(shard, level)) }).ToList();
        var sweep = new SweepReport { From = 4, To = 16, Factor = 2 }.Conclude(steps, null);
        var report = new LoadReport { FormatVersion = LoadReport.SweepFormatVersion, Shard = $"{shard}/2", Target = "http://127.0.0.1:4010/", Sweep = sweep, Passed = sweep.Knee is not null };

        // Through the file format, as the merge command reads them.
        return ReportJson.Deserialize(ReportJson.Serialize(report));
    }

    [Fact]
    public void The_knee_of_a_sharded_sweep_is_found_on_the_merged_steps()
    {
        var one = Shard(1, s_levels);
        var two = Shard(2, s_levels);
        one.Sweep!.Knee.Should().Be(16, "shard 1 alone never saw a slow request");
        two.Sweep!.Knee.Should().Be(4, "shard 2 alone fails at 8/s");

        var merged = ReportMerge.Merge([one, two]);

        merged.Sweep!.Steps.Select(s => s.Level).Should().Equal(s_levels);
        foreach (var level in s_levels)
        {
            var expected = Step(Samples(1, level).Concat(Samples(2, level)));
            var step = merged.Sweep.Steps.Single(s => s.Level == level).Scenario;
            step.TtftMs.Should().Be(expected.TtftMs, $"level {level}: histograms merged, not averaged");
            step.Passed.Should().Be(expected.Passed);
        }

        merged.Sweep.Knee.Should().Be(8);
        merged.Sweep.LowestFailing.Should().Be(16);
        merged.Sweep.KneeGoodputPerS.Should().Be(Step(Samples(1, 8).Concat(Samples(2, 8))).Throughput.GoodputPerS.Mean, "the goodput of every request at the knee, counted in one place")
            .And.BeGreaterThan(0);
        merged.Sweep.Outcome.Should().StartWith("knee 8/s").And.Contain("16/s did not (ttft_ms.p95 < 400");
        merged.Passed.Should().BeTrue();
        merged.MergedReports.Should().Be(2);
        merged.FormatVersion.Should().Be(LoadReport.SweepFormatVersion, "a runner that knows only plain reports refuses it instead of merging nothing");
    }

    [Theory]
    [InlineData("\"steps\": null")]
    [InlineData("\"steps\": [{\"level\": 4, \"scenario\": null}]")]
    public void A_cut_sweep_report_is_refused_with_a_reason_not_a_stack_trace(string steps)
    {
        var json = """{"tool": "rostro-load", "format_version": 2, "scenarios": [], "sweep": {"variable": "rate", """ + steps + "}}";

        var act = () => ReportJson.Deserialize(json);

        act.Should().Throw<FormatException>().WithMessage("incomplete report*");
    }

    [Fact]
    public void A_sweep_report_claiming_the_plain_format_is_refused()
    {
        var json = ReportJson.Serialize(Shard(1, s_levels) with { FormatVersion = LoadReport.RunFormatVersion });

        var act = () => ReportJson.Deserialize(json);

        act.Should().Throw<FormatException>().WithMessage("incomplete report*");
    }

    [Fact]
    public void A_level_only_some_shards_ran_is_left_out_and_said()
    {
        var merged = ReportMerge.Merge([Shard(1, s_levels), Shard(2, [4, 8])]);

        merged.Sweep!.Steps.Select(s => s.Level).Should().Equal(4, 8);
        merged.Sweep.Outcome.Should().Contain("level(s) 16 ran in only some shards and are left out");
    }

    [Fact]
    public void A_sweep_and_a_plain_run_are_not_merged()
    {
        var plain = new LoadReport { Shard = "2/2", Scenarios = [Step(Samples(1, 4))] };

        var act = () => ReportMerge.Merge([Shard(1, s_levels), plain]);

        act.Should().Throw<FormatException>().WithMessage("*of a sweep and some of a plain run*");
    }

    [Fact]
    public void Sweeps_over_different_ladders_are_not_merged()
    {
        var other = Shard(2, s_levels) with { Sweep = Shard(2, s_levels).Sweep! with { Factor = 3 } };

        var act = () => ReportMerge.Merge([Shard(1, s_levels), other]);

        act.Should().Throw<FormatException>().WithMessage("*different ladders*");
    }
}
