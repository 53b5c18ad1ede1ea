using System.Collections.Concurrent;
using Rostro.Load.Tests.Infrastructure;

namespace Rostro.Load.Tests.Scheduling;

/// <summary>The open-model scheduler against a fake clock: arrivals leave at their planned time whatever the responses do.</summary>
public sealed class SchedulerTests
{
    private static readonly Uri s_nowhere = new("http://127.0.0.1:9/");

    private sealed record Dispatch(long Index, long Intended, long Dispatched, bool Queued);

    [Fact]
    public async Task Arrivals_leave_on_their_planned_time_although_no_response_ever_comes()
    {
        var clock = new FakeLoadClock(autoAdvance: true);
        var dispatched = new ConcurrentBag<Dispatch>();
        var never = new TaskCompletionSource();
        var scenario = new LoadScenario("open", async context =>
        {
            dispatched.Add(new Dispatch(context.Arrival.Index, context.IntendedStart, context.Dispatched, context.Queued));
            await never.Task;
        })
        { Load = new ConstantRate(50), Duration = TimeSpan.FromSeconds(2) };

        var run = new LoadRunner(new LoadRunnerOptions { Target = s_nowhere, Clock = clock }).Start([scenario]);
        await WaitUntilAsync(() => dispatched.Count == 100);
        run.Completion.IsCompleted.Should().BeFalse("every request is still in flight");

        var byIndex = dispatched.OrderBy(d => d.Index).ToList();
        byIndex.Select(d => d.Intended).Should().Equal(Enumerable.Range(0, 100).Select(k => (long)k * 20_000));
        byIndex.Should().OnlyContain(d => d.Dispatched == d.Intended && !d.Queued);

        never.SetResult();
        var report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        report.Scenarios[0].Requests.Planned.Should().Be(100);
        report.Scenarios[0].Requests.Dropped.Should().Be(0);
    }

    [Fact]
    public async Task Under_a_concurrency_cap_arrivals_queue_and_those_still_queued_at_the_end_are_dropped()
    {
        // 10/s for 1 s (arrivals at 0, 100, ..., 900 ms), at most 2 in flight; each request ends when the test says.
        var clock = new FakeLoadClock(autoAdvance: false);
        var dispatched = new ConcurrentDictionary<long, Dispatch>();
        var gates = Enumerable.Range(0, 10).Select(_ => new TaskCompletionSource()).ToArray();
        var scenario = new LoadScenario("capped", async context =>
        {
            dispatched[context.Arrival.Index] = new Dispatch(context.Arrival.Index, context.IntendedStart, context.Dispatched, context.Queued);
            await gates[context.Arrival.Index].Task;
        })
        { Load = new ConstantRate(10), Duration = TimeSpan.FromSeconds(1), MaxConcurrency = 2 };

        var run = new LoadRunner(new LoadRunnerOptions { Target = s_nowhere, Clock = clock }).Start([scenario]);
        clock.WaitForSleep(TimeSpan.FromSeconds(5)).Should().BeTrue();
        clock.AdvanceTo(Ms(100));
        clock.AdvanceTo(Ms(200));                  // arrival 2 finds both slots busy: queued
        dispatched.Keys.Should().BeEquivalentTo([0L, 1L]);

        gates[0].SetResult();                      // released at 200 ms (fake time stands still meanwhile)
        await WaitUntilAsync(() => dispatched.ContainsKey(2));
        clock.AdvanceTo(Ms(300));                  // arrival 3 queued
        clock.AdvanceTo(Ms(450));
        gates[1].SetResult();                      // arrival 3 leaves at 450 ms, 150 ms after its time
        await WaitUntilAsync(() => dispatched.ContainsKey(3));
        clock.AdvanceTo(Ms(1000), settle: TimeSpan.FromMilliseconds(100));
        await WaitUntilAsync(() => run.Status()[0].Dropped == 6);

        foreach (var gate in gates)
        {
            gate.TrySetResult();
        }

        var report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        dispatched[2].Should().Be(new Dispatch(2, Ms(200), Ms(200), Queued: true));
        dispatched[3].Should().Be(new Dispatch(3, Ms(300), Ms(450), Queued: true));
        dispatched.Keys.Should().BeEquivalentTo([0L, 1L, 2L, 3L], "arrivals 4-9 were still queued when the duration ended");
        report.Scenarios[0].Requests.Planned.Should().Be(10);
        report.Scenarios[0].Requests.Dropped.Should().Be(6);
    }

    [Fact]
    public async Task A_closed_load_keeps_exactly_its_concurrency_in_flight()
    {
        var inFlight = 0;
        var most = 0;
        var ended = 0;
        var scenario = new LoadScenario("closed", async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref inFlight);
            Interlocked.Increment(ref ended);
        })
        { Load = new ClosedLoad(4), Duration = TimeSpan.FromSeconds(0.6) };

        var report = await new LoadRunner(new LoadRunnerOptions { Target = s_nowhere }).Start([scenario]).Completion.WaitAsync(TimeSpan.FromSeconds(20));

        most.Should().Be(4);
        ended.Should().BeGreaterThan(4, "each slot sends again as soon as its request ends");
        report.Scenarios[0].Requests.Planned.Should().Be(ended);
    }

    private static long Ms(double ms) => FakeLoadClock.Ms(ms);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }
}
