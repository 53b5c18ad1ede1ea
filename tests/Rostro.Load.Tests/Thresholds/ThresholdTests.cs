using static Rostro.Load.Tests.Infrastructure.Timelines;

namespace Rostro.Load.Tests.Thresholds;

public sealed class ThresholdTests
{
    [Theory]
    [InlineData("ttft_ms.p95 < 800", "ttft_ms", "p95", "<", 800)]
    [InlineData("  e2e_ms.p999<=12000 ", "e2e_ms", "p999", "<=", 12000)]
    [InlineData("error_rate < 0.01", "error_rate", null, "<", 0.01)]
    [InlineData("requests_per_s > 5", "requests_per_s", "mean", ">", 5)]
    [InlineData("output_tokens_per_s.peak >= 100", "output_tokens_per_s", "peak", ">=", 100)]
    [InlineData("failed.timeout < 1", "failed", "timeout", "<", 1)]
    [InlineData("dropped < 1", "dropped", null, "<", 1)]
    public void Reads_a_threshold(string text, string metric, string? statistic, string op, double bound)
    {
        Threshold.TryParse(text, out var threshold, out var error).Should().BeTrue(error);
        (threshold.Metric, threshold.Statistic, threshold.Operator, threshold.Bound).Should().Be((metric, statistic, op, bound));
    }

    [Theory]
    [InlineData("ttft_ms.p96 < 800", "needs a statistic: ttft_ms.p50")]
    [InlineData("ttft_ms < 800", "needs a statistic")]
    [InlineData("ttft.p95 < 800", "unknown metric 'ttft'")]
    [InlineData("ttft_ms.p95 =< 800", "unknown operator '=<'")]
    [InlineData("ttft_ms.p95 < fast", "is not a threshold")]
    [InlineData("error_rate.p95 < 0.1", "takes no statistic")]
    [InlineData("requests_per_s.p50 > 1", "takes .mean (the default) or .peak")]
    [InlineData("failed.oops < 1", "failed takes a failure kind")]
    [InlineData("ttft_ms.p95 < 1e999", "is not a number")]
    public void Rejects_a_bad_threshold_saying_what_is_wrong(string text, string reason)
    {
        Threshold.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Evaluates_against_the_reports_figures_and_says_why_it_failed()
    {
        var statistics = Statistics();
        for (var i = 1; i <= 100; i++)
        {
            statistics.Record(Streamed(0, [i * 10], (i * 10) + 5));
        }

        var report = ScenarioReport.From(Info("s", "ttft_ms.p50 < 600", "ttft_ms.p99 < 900", "error_rate < 0.01"), statistics);

        report.Thresholds.Select(t => t.Passed).Should().Equal(true, false, true);
        report.Thresholds[1].Actual!.Value.Should().BeApproximately(990, 1);
        report.Thresholds[1].Reason.Should().Contain("ttft_ms.p99 was 99");
        report.Passed.Should().BeFalse();
    }

    [Fact]
    public void A_latency_nobody_measured_fails_its_bound()
    {
        var statistics = Statistics();
        var refused = new RequestTimeline();
        refused.Fail(FailureKind.Connection, 0);
        statistics.Record(refused);

        var result = ScenarioReport.From(Info("s", "ttft_ms.p95 < 800"), statistics).Thresholds.Single();

        result.Passed.Should().BeFalse();
        result.Reason.Should().Be("no ttft_ms was measured");
    }
}
