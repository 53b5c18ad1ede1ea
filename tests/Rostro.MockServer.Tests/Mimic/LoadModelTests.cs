using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rostro.MockServer.Mimic.Load;
using Rostro.MockServer.Settings;
using Rostro.Spec.Answers;
using Rostro.Testing;

namespace Rostro.MockServer.Tests.Mimic;

/// <summary>The load model's formulas (README "The load model"), computed by hand from them.</summary>
public sealed class LoadModelTimingTests
{
    private static readonly MockSettings s_model = new()
    {
        TtftMs = 100,
        InterTokenMs = 40,
        MaxSequences = 5,
        TimeFactorUnderLoad = 2.0,
        PrefillMicrosPerToken = 1000,
    };

    [Theory]
    [InlineData(1, 40)]
    [InlineData(3, 60)]
    [InlineData(5, 80)]
    public void The_gap_grows_linearly_from_one_sequence_to_a_full_server(int running, int gapMs) =>
        LoadModel.Timing(s_model, queuedMs: 0, running, uncachedPromptTokens: 0).InterTokenMs.Should().Be(gapMs);

    [Fact]
    public void TTFT_is_the_queue_wait_plus_the_base_plus_the_prefill_of_the_uncached_prompt_tokens() =>
        LoadModel.Timing(s_model, queuedMs: 30, running: 1, uncachedPromptTokens: 50).TtftMs.Should().Be(30 + 100 + 50);

    [Fact]
    public void Off_by_default_the_timing_is_the_settings_own() =>
        LoadModel.Timing(new MockSettings(), queuedMs: 0, running: 1, uncachedPromptTokens: 500).Should().Be(new MockSettings());

    [Fact]
    public void A_prompt_prefix_seen_before_is_cached_by_whole_blocks_and_a_different_start_is_not()
    {
        var cache = new PrefixCache();
        var tokens = Enumerable.Range(0, 40).Select(i => $" w{i}").ToList();

        cache.Prefill(tokens).Should().Be(0);
        cache.Prefill(tokens).Should().Be(32, "two whole blocks of 16 were seen; the last 8 tokens fill no block");
        cache.Prefill([.. tokens.Take(20), " other", .. tokens.Skip(21)]).Should().Be(16, "the second block differs, so only the first is a cached prefix");
        cache.Prefill([" different", .. tokens.Skip(1)]).Should().Be(0);
    }

    [Theory]
    [InlineData(58_200, "59s")]
    [InlineData(60_000, "1m0s")]
    [InlineData(75_200, "1m16s")]
    [InlineData(1_000, "1s")]
    [InlineData(20, "20ms")]
    public void Reset_times_are_written_as_OpenAI_writes_them(int milliseconds, string written) =>
        RateQuotas.Duration(TimeSpan.FromMilliseconds(milliseconds)).Should().Be(written);
}

/// <summary>The load model on a running mock: capacity and queue, the refusal beyond it, quotas with OpenAI's headers, the prefix cache.</summary>
[Collection(MimicTimingCollection.Name)]
public sealed class LoadModelTests : IAsyncLifetime
{
    private RostroMock _mock = null!;
    private HttpClient _http = null!;
    private MachineExclusiveSection _exclusive = null!;

    public async Task InitializeAsync()
    {
        // Timing on two cores: not beside a test process that compiles.
        _exclusive = await MachineExclusiveSection.EnterAsync();
        _mock = await RostroMock.StartAsync(new MockServerOptions
        {
            Settings = new MockSettings { TtftMs = 0, InterTokenMs = 50, OutputTokens = 5, MaxSequences = 1, MaxQueuedRequests = 1 },
        });
        _http = new HttpClient { BaseAddress = _mock.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mock.DisposeAsync();
        _exclusive.Dispose();
    }

    [Fact]
    public async Task With_one_sequence_a_second_request_waits_for_the_first_and_its_TTFT_holds_the_wait()
    {
        var first = TtftAsync("first");
        await UntilAsync(() => _mock.Load.Slots.Running == 1);
        var second = TtftAsync("second");
        await UntilAsync(() => _mock.Load.Slots.Queued == 1);

        var (firstTtft, firstTotal) = await first;
        var (secondTtft, _) = await second;

        firstTotal.Should().BeGreaterThan(TimeSpan.FromMilliseconds(190), "five tokens 50 ms apart");
        secondTtft.Should().BeGreaterThan(firstTtft + TimeSpan.FromMilliseconds(120), "it waited in the queue while the only sequence generated the first answer (about 200 ms)");
    }

    [Fact]
    public async Task Beyond_the_queue_a_request_is_refused_with_503_and_Retry_After_and_nothing_waits()
    {
        var running = TtftAsync("running");
        await UntilAsync(() => _mock.Load.Slots.Running == 1);
        var queued = TtftAsync("queued");
        await UntilAsync(() => _mock.Load.Slots.Queued == 1);

        using var refused = await _http.SendAsync(Chat("refused", stream: false));
        var body = await refused.Content.ReadAsStringAsync();

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        refused.Headers.RetryAfter.Should().NotBeNull();
        body.Should().Contain($"\"code\":{ErrorCodes.Unavailable}").And.Contain("at capacity");
        await running;
        await queued;
    }

    [Fact]
    public async Task A_credential_past_its_requests_per_minute_gets_429_with_the_rate_limit_headers_and_another_does_not()
    {
        var token = $"quota-{Guid.NewGuid():N}";
        var remaining = new List<string?>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await _http.SendAsync(Chat("quota", stream: false, token, ("X-Mock-Requests-Per-Minute", "2"), ("X-Mock-Output-Tokens", "1")));
            remaining.Add(last.Headers.TryGetValues("x-ratelimit-remaining-requests", out var values) ? values.Single() : null);
        }

        remaining.Should().Equal("1", "0", "0");
        last!.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        last.Headers.GetValues("x-ratelimit-limit-requests").Single().Should().Be("2");
        last.Headers.GetValues("x-ratelimit-reset-requests").Single().Should().MatchRegex("^([0-9]+s|1m0s)$");
        last.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        (await last.Content.ReadAsStringAsync()).Should().Contain($"\"code\":{ErrorCodes.RateLimited}");
        last.Dispose();

        using var other = await _http.SendAsync(Chat("quota", stream: false, $"other-{Guid.NewGuid():N}", ("X-Mock-Requests-Per-Minute", "2"), ("X-Mock-Output-Tokens", "1")));
        other.StatusCode.Should().Be(HttpStatusCode.OK, "quotas count per credential");
    }

    [Fact]
    public async Task A_long_prompt_pays_prefill_and_the_same_prompt_again_mostly_does_not()
    {
        var prompt = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"word{i}")) + " " + Guid.NewGuid().ToString("N");
        (string, string)[] headers = [("X-Mock-Prefill-Micros-Per-Token", "2000"), ("X-Mock-Inter-Token-Ms", "0"), ("X-Mock-Output-Tokens", "1")];

        var cold = await ElapsedAsync(Chat(prompt, stream: false, null, headers));
        var warm = await ElapsedAsync(Chat(prompt, stream: false, null, headers));

        cold.Should().BeGreaterThan(TimeSpan.FromMilliseconds(380), "about 400 prompt tokens (200 words and their numbers) at 2 ms each");
        warm.Should().BeLessThan(cold - TimeSpan.FromMilliseconds(250), "all but the last partial block of the prompt was cached");
    }

    [Fact]
    public async Task A_conversation_sent_again_with_one_more_message_pays_prefill_for_about_the_new_message_only()
    {
        // 150 words of letters only: one token each (a fresh mock per test, so nothing is cached before).
        var history = string.Join(' ', Enumerable.Range(0, 150).Select(i => $"w{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}"));
        (string, string)[] headers = [("X-Mock-Prefill-Micros-Per-Token", "4000"), ("X-Mock-Inter-Token-Ms", "0"), ("X-Mock-Output-Tokens", "1")];
        await ElapsedAsync(Chat(history, stream: false, null, headers));

        var longer = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(
                $$"""{"model":"mythomax","messages":[{"role":"user","content":{{System.Text.Json.JsonSerializer.Serialize(history)}}},{"role":"user","content":"one two three four five"}]}""",
                Encoding.UTF8,
                "application/json"),
        };
        longer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "load-model-tests");
        foreach (var (name, value) in headers)
        {
            longer.Headers.Add(name, value);
        }

        var elapsed = await ElapsedAsync(longer);

        // 150 tokens cached in 9 whole blocks (144); uncached: the last 6 and the 5 new ones, 11 × 4 ms = 44 ms (not 155 × 4 = 620).
        elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(300), "only the new message and the history's last partial block are prefilled");
    }

    internal static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (!condition())
        {
            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, "the mock reaches the state within 5 s");
            await Task.Delay(2);
        }
    }

    private async Task<TimeSpan> ElapsedAsync(HttpRequestMessage request)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return Stopwatch.GetElapsedTime(started);
    }

    // Request sent → first content event; and → the end of the stream.
    private async Task<(TimeSpan Ttft, TimeSpan Total)> TtftAsync(string content)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(Chat(content, stream: true), HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var events = await MimicServerFixture.ReadEventsAsync(response);
        var firstContent = events.First(e => !e.IsDone && e.Json["choices"]!.AsArray().Any(c => c!["delta"]?["content"] is not null));
        return (TimeSpan.FromTicks((firstContent.ReceivedAt - started) * TimeSpan.TicksPerSecond / Stopwatch.Frequency), Stopwatch.GetElapsedTime(started));
    }

    private static HttpRequestMessage Chat(string content, bool stream, string? token = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(MimicServerFixture.ChatBody(content, stream ? "\"stream\":true" : null), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? "load-model-tests");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }
}

/// <summary>The README's "the server is full" with one option: <c>--settings examples/settings/full-server.json</c>.</summary>
[Collection(MimicTimingCollection.Name)]
public sealed class FullServerExampleTests
{
    [Fact]
    public async Task The_full_server_example_queues_refuses_with_429_and_Retry_After_and_slows_the_second_sequence()
    {
        var patch = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("examples", "settings", "full-server.json")))!.AsObject();
        var settings = MockSettingsJson.Apply(new MockSettings(), patch, "full-server.json", out var problems);
        problems.Should().BeEmpty();
        using var exclusive = await MachineExclusiveSection.EnterAsync();
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { Settings = settings! });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };

        // Five tokens each: alone, 200 ms + 4 × 40 ms; with both sequences busy, gaps of 40 × 3 ms.
        async Task<(HttpStatusCode Status, TimeSpan Total, RetryConditionHeaderValue? RetryAfter)> StreamAsync()
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
            {
                Content = new StringContent(MimicServerFixture.ChatBody("Hi", "\"stream\":true,\"max_tokens\":5"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "full-server");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Stopwatch.GetElapsedTime(started), response.Headers.RetryAfter);
        }

        var first = StreamAsync();
        await LoadModelTests.UntilAsync(() => mock.Load.Slots.Running == 1);
        var second = StreamAsync();
        await LoadModelTests.UntilAsync(() => mock.Load.Slots.Running == 2);
        var queued = new[] { StreamAsync(), StreamAsync() };
        await LoadModelTests.UntilAsync(() => mock.Load.Slots.Queued == 2);
        var refused = await Task.WhenAll(StreamAsync(), StreamAsync());

        refused.Should().OnlyContain(r => r.Status == HttpStatusCode.TooManyRequests && r.RetryAfter != null, "saturatedStatus 429 beyond two queued");
        (await Task.WhenAll(queued)).Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        var (firstStatus, firstTotal, _) = await first;
        var (secondStatus, secondTotal, _) = await second;
        firstStatus.Should().Be(HttpStatusCode.OK);
        secondStatus.Should().Be(HttpStatusCode.OK);
        firstTotal.Should().BeLessThan(TimeSpan.FromMilliseconds(600), "alone: 200 + 4 × 40 ms");
        secondTotal.Should().BeGreaterThan(TimeSpan.FromMilliseconds(600), "started beside the first: 200 + 4 × 120 ms = 680 ms");
    }
}
