using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Rostro.MockServer.Tests.Mimic;

[Collection(MimicCollection.Name)]
public sealed class StreamFaultTests(MimicServerFixture mock)
{
    private static readonly string s_stream = MimicServerFixture.ChatBody(extra: "\"stream\":true,\"max_completion_tokens\":10");

    [Fact]
    public async Task Drop_after_events_aborts_the_connection_after_that_many_events_without_done()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", s_stream, new Dictionary<string, string> { ["X-Mock-Drop-After-Events"] = "4" });
        var received = new List<string>();

        var reading = async () =>
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            await foreach (var item in SseParser.Create(stream).EnumerateAsync())
            {
                received.Add(item.Data);
            }
        };

        await reading.Should().ThrowAsync<IOException>();
        received.Should().HaveCount(4).And.NotContain("[DONE]");
    }

    [Fact]
    public async Task Stall_after_events_stops_sending_but_keeps_the_connection_until_the_client_gives_up()
    {
        var id = Guid.NewGuid().ToString("N");
        using var response = await mock.PostAsync("/v1/chat/completions", s_stream, new Dictionary<string, string> { ["X-Mock-Stall-After-Events"] = "3", ["X-Test-Id"] = id });
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var received = new List<string>();

        var reading = async () =>
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(patience.Token))
            {
                received.Add(item.Data);
            }
        };

        var clock = Stopwatch.StartNew();
        await reading.Should().ThrowAsync<OperationCanceledException>();
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(600, "the connection stayed open, silent, until the client gave up");
        received.Should().HaveCount(3);
        response.Dispose();
        (await JournalEntryAsync(id)).ElapsedMs.Should().BeLessThan(5_000, "the stall ends when the client leaves, not at stallMaxMs (30 s)");
    }

    [Fact]
    public async Task Malformed_after_events_sends_one_event_that_is_not_JSON_then_carries_on()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", s_stream, new Dictionary<string, string> { ["X-Mock-Malformed-After-Events"] = "2" });
        var events = await MimicServerFixture.ReadEventsAsync(response);

        var parse = () => JsonDocument.Parse(events[2].Data);
        parse.Should().Throw<JsonException>();
        events.Where((_, i) => i != 2 && !events[i].IsDone).Should().OnlyContain(e => mock.Violations(e.Data, "ChatCompletionChunk").Count == 0);
        events[^1].IsDone.Should().BeTrue();
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Error_rate_100_percent_answers_the_error_status_before_any_streaming(int status)
    {
        using var response = await mock.PostAsync("/v1/chat/completions", s_stream, new Dictionary<string, string> { ["X-Mock-Error-Rate-Percent"] = "100", ["X-Mock-Error-Status"] = $"{status}" });
        var text = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        mock.Violations(text, status == 500 ? "InternalErrorEnvelope" : "ErrorEnvelope").Should().BeEmpty(text);
        response.Headers.Contains("Retry-After").Should().Be(status != 500);
    }

    [Fact]
    public async Task Error_rate_is_deterministic_by_seed_and_roughly_the_percentage()
    {
        // Fresh servers, so each sees the same request order from the first completion on.
        static async Task<string> PatternAsync(int seed)
        {
            await using var server = await RostroMock.StartAsync(new MockServerOptions { Settings = new Rostro.MockServer.Settings.MockSettings { Seed = seed, TtftMs = 0, InterTokenMs = 0 } });
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var pattern = new System.Text.StringBuilder();
            for (var i = 0; i < 40; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = new StringContent("""{"model":"mythomax","prompt":"x","max_tokens":1}""", System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("Authorization", "Bearer fault");
                request.Headers.Add("X-Mock-Error-Rate-Percent", "50");
                using var response = await http.SendAsync(request);
                pattern.Append(response.StatusCode == HttpStatusCode.ServiceUnavailable ? 'x' : '.');
            }

            return pattern.ToString();
        }

        var first = await PatternAsync(7);
        var again = await PatternAsync(7);
        var other = await PatternAsync(8);

        again.Should().Be(first, "the same seed and the same request order fail the same requests");
        other.Should().NotBe(first, "another seed fails others (two equal 40-request patterns by chance: 1 in 2^40)");
        first.Count(c => c == 'x').Should().BeInRange(8, 32);
    }

    [Fact]
    public async Task Prefer_code_429_answers_the_documented_rate_limit_before_streaming()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", s_stream, new Dictionary<string, string> { ["Prefer"] = "code=429" });

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        mock.Violations(await response.Content.ReadAsStringAsync(), "ErrorEnvelope").Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_that_leaves_mid_stream_stops_the_generation_at_once()
    {
        var id = Guid.NewGuid().ToString("N");
        var headers = new Dictionary<string, string> { ["X-Mock-Ttft-Ms"] = "0", ["X-Mock-Inter-Token-Ms"] = "20", ["X-Mock-Output-Tokens"] = "1000", ["X-Test-Id"] = id };
        var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"stream\":true"), headers);
        var stream = await response.Content.ReadAsStreamAsync();
        var received = 0;
        await foreach (var _ in SseParser.Create(stream).EnumerateAsync())
        {
            if (++received == 5)
            {
                break;
            }
        }

        var left = Stopwatch.StartNew();
        await stream.DisposeAsync();
        response.Dispose();

        var entry = await JournalEntryAsync(id);
        left.ElapsedMilliseconds.Should().BeLessThan(2_000, "the server noticed at once (the stream had 20 s to go)");
        entry.ElapsedMs.Should().BeLessThan(3_000);
    }

    private async Task<global::Rostro.MockServer.Admin.JournalEntry> JournalEntryAsync(string id)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var entry = mock.Server.Journal.Snapshot(1000).FirstOrDefault(e => e.Headers.TryGetValue("X-Test-Id", out var value) && value == id);
            if (entry is not null)
            {
                return entry;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The request never finished on the server.");
    }
}
