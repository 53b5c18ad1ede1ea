using System.Diagnostics;
using Rostro.Testing;

namespace Rostro.MockServer.Tests.Mimic;

/// <summary>Timing tests run alone, after the parallel collections, on a warmed server: what they measure is the mock, not the test run's own start-up and JIT.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MimicTimingCollection : ICollectionFixture<MimicServerFixture>
{
    public const string Name = "Mimic timing";
}

/// <summary>Time to first token and inter-token gaps as a client on loopback sees them (DESIGN.md's definitions: TTFT = request sent → first event with content).</summary>
[Collection(MimicTimingCollection.Name)]
public sealed class StreamTimingTests(MimicServerFixture mock) : IAsyncLifetime
{
    private MachineExclusiveSection? _exclusive;

    // Each timing test holds the machine-wide section, so no other test process compiles on the two cores meanwhile.
    public async Task InitializeAsync() => _exclusive = await MachineExclusiveSection.EnterAsync();

    // TTFT counts from "request sent"; a request that must first open a TCP connection measures the connect and the
    // server's accept path too. Load tools keep connections alive, so the pool is filled before measuring: `count` timed
    // streams held open together (each ~50 ms) open `count` connections and run the timed path (clock, waits, writes)
    // through the JIT, which the fixture's zero-timing warm-up never reaches.
    private async Task WarmAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => MeasureAsync(ttft: 5, inter: 2, tokens: 20)));

    public Task DisposeAsync()
    {
        _exclusive?.Dispose();
        return Task.CompletedTask;
    }

    private static Dictionary<string, string> Timing(int ttft, int inter, int tokens, int jitter = 0) => new()
    {
        ["X-Mock-Ttft-Ms"] = $"{ttft}",
        ["X-Mock-Inter-Token-Ms"] = $"{inter}",
        ["X-Mock-Jitter-Ms"] = $"{jitter}",
        ["X-Mock-Output-Tokens"] = $"{tokens}",
    };

    [Fact]
    public async Task One_stream_meets_ttft_within_5_ms_and_gaps_within_2_ms_at_the_median()
    {
        await WarmAsync(1);
        var measured = new List<(double Ttft, List<double> Gaps)>();
        for (var i = 0; i < 5; i++)
        {
            measured.Add(await MeasureAsync(ttft: 100, inter: 20, tokens: 30));
        }

        Median(measured.Select(m => Math.Abs(m.Ttft - 100))).Should().BeLessThanOrEqualTo(5);
        var gaps = measured.SelectMany(m => m.Gaps).ToList();
        gaps.Should().HaveCount(5 * 29);
        Median(gaps.Select(g => Math.Abs(g - 20))).Should().BeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task Fifty_concurrent_streams_keep_ttft_within_5_ms_and_gaps_within_2_ms_at_the_median()
    {
        // Arrivals 30 ms apart (an open-model ramp, as load tests send them); each stream lasts 1.7 s, so about 50 are open at
        // the peak. The client runs in this process and shares the two cores with the mock.
        await WarmAsync(50);
        var runs = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await Task.Delay(i * 30);
            return await MeasureAsync(ttft: 100, inter: 20, tokens: 80);
        }));

        Median(runs.Select(r => Math.Abs(r.Ttft - 100))).Should().BeLessThanOrEqualTo(5);
        Median(runs.SelectMany(r => r.Gaps).Select(g => Math.Abs(g - 20))).Should().BeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task Jitter_spreads_the_gaps_around_the_setting()
    {
        var (_, gaps) = await MeasureAsync(ttft: 0, inter: 20, tokens: 40, jitter: 8);

        Median(gaps).Should().BeInRange(16, 24);
        gaps.Max().Should().BeGreaterThan(23);
        gaps.Min().Should().BeLessThan(17);
    }

    [Fact]
    public async Task Zero_timing_streams_as_fast_as_the_socket_allows()
    {
        var clock = Stopwatch.StartNew();
        var (_, gaps) = await MeasureAsync(ttft: 0, inter: 0, tokens: 300);

        gaps.Should().HaveCount(299);
        clock.ElapsedMilliseconds.Should().BeLessThan(2_000);
    }

    [Fact]
    public async Task A_non_streamed_answer_arrives_after_the_generation_time()
    {
        var clock = Stopwatch.StartNew();
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(), Timing(ttft: 60, inter: 10, tokens: 11));
        await response.Content.ReadAsStringAsync();

        clock.Elapsed.TotalMilliseconds.Should().BeInRange(158, 400, "60 ms to the first token, then 10 gaps of 10 ms");
    }

    // Off xunit's synchronization context (as many threads as cores, shared by every running test): stamps taken in its queue would measure the queue.
    private Task<(double Ttft, List<double> Gaps)> MeasureAsync(int ttft, int inter, int tokens, int jitter = 0) =>
        Task.Run(() => MeasureCoreAsync(ttft, inter, tokens, jitter));

    private async Task<(double Ttft, List<double> Gaps)> MeasureCoreAsync(int ttft, int inter, int tokens, int jitter)
    {
        var sent = Stopwatch.GetTimestamp();
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"stream\":true"), Timing(ttft, inter, tokens, jitter));
        var events = await MimicServerFixture.ReadEventsAsync(response);
        var content = events
            .Where(e => !e.IsDone && e.Json["choices"]!.AsArray().Count > 0 && e.Json["choices"]![0]!["delta"]!["content"]?.GetValue<string>() is { Length: > 0 })
            .Select(e => e.ReceivedAt)
            .ToList();
        content.Should().HaveCount(tokens);
        var gaps = content.Zip(content.Skip(1), (a, b) => Ms(b - a)).ToList();
        return (Ms(content[0] - sent), gaps);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
