using static Rostro.Load.Tests.Infrastructure.Timelines;

namespace Rostro.Load.Tests.Metrics;

public sealed class TimelineMetricsTests
{
    // Sent at 1000 ms; tokens at 1150, 1160, 1172, 1180; [DONE] at 1185.
    private static RequestTimeline Recorded(int? usage = null) => Streamed(1000, [1150, 1160, 1172, 1180], 1185, usage);

    [Fact]
    public void Ttft_is_sent_to_first_content_event()
    {
        TimelineMetrics.Ttft(Recorded()).Should().Be(Ms(150));
    }

    [Fact]
    public void Itl_is_every_gap_between_consecutive_content_events()
    {
        TimelineMetrics.Itl(Recorded()).Should().Equal(Ms(10), Ms(12), Ms(8));
    }

    [Fact]
    public void E2e_is_sent_to_the_end_of_the_stream()
    {
        TimelineMetrics.E2e(Recorded()).Should().Be(Ms(185));
    }

    [Fact]
    public void Tpot_divides_the_time_after_the_first_token_by_the_tokens_after_it()
    {
        // (185 - 150) / (4 - 1) = 11.667 ms.
        TimelineMetrics.Tpot(Recorded())!.Value.Should().BeApproximately(Ms(35) / 3.0, 0.001);
    }

    [Fact]
    public void Tpot_uses_the_servers_token_count_when_it_gave_one()
    {
        // usage says 8 tokens (several per event): (185 - 150) / 7 = 5 ms.
        TimelineMetrics.Tpot(Recorded(usage: 8))!.Value.Should().BeApproximately(Ms(5), 0.001);
    }

    [Fact]
    public void A_stream_without_content_has_no_ttft_and_no_tpot()
    {
        var empty = Streamed(0, [], 40);
        TimelineMetrics.Ttft(empty).Should().BeNull();
        TimelineMetrics.Tpot(empty).Should().BeNull();
        TimelineMetrics.Itl(empty).Should().BeEmpty();
    }

    [Fact]
    public void One_token_has_a_ttft_but_no_tpot()
    {
        var one = Streamed(0, [90], 95);
        TimelineMetrics.Ttft(one).Should().Be(Ms(90));
        TimelineMetrics.Tpot(one).Should().BeNull();
    }

    [Fact]
    public void Scheduler_lag_is_intended_start_to_send()
    {
        TimelineMetrics.SchedulerLag(Streamed(1003, [1100], 1200, intendedMs: 1000)).Should().Be(Ms(3));
    }

    [Fact]
    public void A_queued_request_splits_queue_time_from_scheduler_lag()
    {
        var timeline = Streamed(1252, [1300], 1400, intendedMs: 1000);
        timeline.Dispatched = Ms(1250);
        timeline.Queued = true;

        TimelineMetrics.QueueTime(timeline).Should().Be(Ms(250));
        TimelineMetrics.SchedulerLag(timeline).Should().Be(Ms(2));
    }
}
