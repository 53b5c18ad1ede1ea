using static Rostro.Load.Tests.Infrastructure.Timelines;

namespace Rostro.Load.Tests.Metrics;

public sealed class ScenarioStatisticsTests
{
    [Fact]
    public void Percentiles_of_recorded_ttfts_are_the_known_order_statistics()
    {
        // 100 requests with TTFT 1, 2, ..., 100 ms: p50 = 50, p90 = 90, p99 = 99, max = 100 (HdrHistogram: within 0.1 %).
        var statistics = Statistics();
        for (var i = 1; i <= 100; i++)
        {
            statistics.Record(Streamed(0, [i, i + 10], i + 20));
        }

        var report = ScenarioReport.From(Info(), statistics);
        report.TtftMs.Count.Should().Be(100);
        report.TtftMs.P50.Should().BeApproximately(50, 0.05);
        report.TtftMs.P90.Should().BeApproximately(90, 0.09);
        report.TtftMs.P99.Should().BeApproximately(99, 0.1);
        report.TtftMs.Max.Should().BeApproximately(100, 0.1);
        report.TtftMs.Mean.Should().BeApproximately(50.5, 0.06);
        report.ItlMs.P50.Should().BeApproximately(10, 0.01);
        report.E2eMs.P50.Should().BeApproximately(70, 0.07);
    }

    [Fact]
    public void Itl_pools_the_gaps_of_every_request()
    {
        var statistics = Statistics();
        statistics.Record(Streamed(0, [100, 110, 120], 125));       // gaps 10, 10
        statistics.Record(Streamed(0, [100, 130], 135));            // gap 30

        var itl = ScenarioReport.From(Info(), statistics).ItlMs;
        itl.Count.Should().Be(3);
        itl.P50.Should().BeApproximately(10, 0.01);
        itl.Max.Should().BeApproximately(30, 0.03);
    }

    [Fact]
    public void Warm_up_requests_are_counted_apart_and_never_measured()
    {
        var statistics = Statistics();
        statistics.Record(Streamed(0, [5000], 5100, warmUp: true));
        statistics.Record(Streamed(0, [100], 110));

        var report = ScenarioReport.From(Info(), statistics);
        report.Requests.WarmUp.Should().Be(1);
        report.Requests.Ok.Should().Be(1);
        report.TtftMs.Max.Should().BeApproximately(100, 0.1);
    }

    [Fact]
    public void Failures_are_counted_by_kind_and_left_out_of_latencies()
    {
        var statistics = Statistics();
        var cut = Streamed(0, [100], 120);
        cut.Fail(FailureKind.StreamCut, Ms(120));
        var refused = new RequestTimeline { Sent = 0, End = Ms(1) };
        refused.Fail(FailureKind.Connection, Ms(1));
        var unavailable = new RequestTimeline { Sent = 0, End = Ms(3), StatusCode = 503 };
        unavailable.Fail(FailureKind.HttpStatus, Ms(3));
        statistics.Record(cut);
        statistics.Record(refused);
        statistics.Record(unavailable);
        statistics.Record(Streamed(0, [200], 210));

        var report = ScenarioReport.From(Info(), statistics);
        report.Requests.Ok.Should().Be(1);
        report.Requests.Failed.Should().Be(3);
        report.ErrorRate.Should().Be(0.75);
        report.Requests.FailedByKind["stream_cut"].Should().Be(1);
        report.Requests.FailedByKind["connection"].Should().Be(1);
        report.Requests.FailedByKind["http_status"].Should().Be(1);
        report.Requests.StatusCodes.Should().Equal(new Dictionary<int, long> { [200] = 2, [503] = 1 });
        report.TtftMs.Count.Should().Be(1);
        report.TtftMs.P50.Should().BeApproximately(200, 0.2);
    }

    [Fact]
    public void Goodput_counts_successes_within_every_per_request_bound_of_the_thresholds()
    {
        // Bounds from the thresholds: TTFT < 150 ms and E2E < 400 ms.
        var statistics = Statistics("ttft_ms.p95 < 150", "e2e_ms.p99 < 400", "error_rate < 0.5");
        statistics.Record(Streamed(0, [100, 110], 200));    // good
        statistics.Record(Streamed(0, [160, 170], 200));    // TTFT too slow
        statistics.Record(Streamed(0, [100, 110], 450));    // E2E too slow
        statistics.Record(Streamed(0, [140, 150], 390));    // good

        var report = ScenarioReport.From(Info("s", "ttft_ms.p95 < 150", "e2e_ms.p99 < 400", "error_rate < 0.5"), statistics);
        report.Requests.Good.Should().Be(2);
        report.GoodputObjectives.Should().Equal("ttft_ms < 150", "e2e_ms < 400");
    }

    [Fact]
    public void Throughput_mean_is_per_measured_second_and_peak_is_the_busiest_second()
    {
        // Ends at 0.5 s, 1.2 s, 1.4 s, 1.9 s and 3.0 s: seconds 0, 1, 1, 1, 3; measured 3 s.
        var statistics = Statistics();
        foreach (var end in new[] { 500.0, 1200, 1400, 1900, 3000 })
        {
            statistics.Record(Streamed(end - 50, [end - 20, end - 10], end, usageTokens: 2));
        }

        var report = ScenarioReport.From(Info(), statistics);
        report.MeasuredS.Should().Be(3);
        report.Throughput.RequestsPerS.Mean.Should().BeApproximately(5 / 3.0, 0.001);
        report.Throughput.RequestsPerS.Peak.Should().Be(3);
        report.Throughput.OutputTokensPerS.Mean.Should().BeApproximately(10 / 3.0, 0.001);
        report.Series.Select(s => s.Ok).Should().Equal(1, 3, 0, 1);
    }
}
