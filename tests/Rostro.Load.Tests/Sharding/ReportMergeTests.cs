using static Rostro.Load.Tests.Infrastructure.Timelines;

namespace Rostro.Load.Tests.Sharding;

public sealed class ReportMergeTests
{
    private static readonly string[] s_thresholds = ["ttft_ms.p99 < 400", "error_rate < 0.05"];

    // Shard 1 is fast (TTFT 50-149 ms), shard 2 slow (300-499 ms) with a few failures: averaging their percentiles would be far off.
    private static IEnumerable<RequestTimeline> Samples(int shard)
    {
        var random = new Random(shard);
        for (var i = 0; i < 400; i++)
        {
            var sent = i * 25.0;
            var ttft = shard == 1 ? 50 + random.Next(100) : 300 + random.Next(200);
            var tokens = Enumerable.Range(0, 10).Select(k => sent + ttft + (k * (8 + random.Next(5)))).ToArray();
            var timeline = Streamed(sent, tokens, tokens[^1] + 1, usageTokens: 10, intendedMs: sent - random.Next(3));
            if (shard == 2 && i % 50 == 0)
            {
                timeline.Fail(FailureKind.StreamCut, Ms(tokens[^1]));
            }

            yield return timeline;
        }
    }

    [Fact]
    public void Merging_shards_reports_equals_the_report_of_all_samples_in_one_histogram()
    {
        var one = Statistics(s_thresholds);
        var shardReports = new List<LoadReport>();
        for (var shard = 1; shard <= 2; shard++)
        {
            var part = Statistics(s_thresholds);
            foreach (var timeline in Samples(shard))
            {
                part.Record(timeline);
                one.Record(timeline);
            }

            var report = new LoadReport { Shard = $"{shard}/2", Target = "http://127.0.0.1:4010/", Scenarios = [ScenarioReport.From(Info("s", s_thresholds), part)] };

            // Through the file format, as the merge command reads them.
            shardReports.Add(ReportJson.Deserialize(ReportJson.Serialize(report)));
        }

        var merged = ReportMerge.Merge(shardReports).Scenarios.Single();
        var expected = ScenarioReport.From(Info("s", s_thresholds), one);

        merged.TtftMs.Should().Be(expected.TtftMs);
        merged.ItlMs.Should().Be(expected.ItlMs);
        merged.TpotMs.Should().Be(expected.TpotMs);
        merged.E2eMs.Should().Be(expected.E2eMs);
        merged.SchedulerLagMs.Should().Be(expected.SchedulerLagMs);
        merged.Requests.Should().BeEquivalentTo(expected.Requests);
        merged.Throughput.Should().Be(expected.Throughput);
        merged.Thresholds.Should().Equal(expected.Thresholds);
        merged.Histograms.Should().Be(expected.Histograms);
        merged.Series.Select(s => (s.Second, s.Ok, s.Failed, s.TtftMs)).Should().Equal(expected.Series.Select(s => (s.Second, s.Ok, s.Failed, s.TtftMs)));

        // And the average of the shards' p99s is not the run's p99: the merge did not average.
        var averaged = shardReports.Average(r => r.Scenarios[0].TtftMs.P99);
        Math.Abs(averaged - merged.TtftMs.P99).Should().BeGreaterThan(100);
    }

    [Fact]
    public void The_same_shard_twice_is_refused()
    {
        var report = new LoadReport { Shard = "1/2", Scenarios = [ScenarioReport.From(Info(), Statistics())] };

        var act = () => ReportMerge.Merge([report, report]);

        act.Should().Throw<FormatException>().WithMessage("*shard 1/2 appears 2 times*");
    }

    [Fact]
    public void Reports_of_different_scenarios_are_refused()
    {
        var a = new LoadReport { Shard = "1/2", Scenarios = [ScenarioReport.From(Info("a"), Statistics())] };
        var b = new LoadReport { Shard = "2/2", Scenarios = [ScenarioReport.From(Info("b"), Statistics())] };

        var act = () => ReportMerge.Merge([a, b]);

        act.Should().Throw<FormatException>().WithMessage("*different scenarios*");
    }

    [Fact]
    public void Missing_shards_are_named()
    {
        var one = new LoadReport { Shard = "2/3", Scenarios = [ScenarioReport.From(Info(), Statistics())] };

        ReportMerge.MissingShards([one]).Should().Equal("1/3", "3/3");
    }
}
