using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.Pipeline;

/// <summary>Bodies that break while being read, and the limits on the request itself: each answers its envelope (or, when the client left, nothing), never a 500 or a logged exception.</summary>
public sealed class BodyReadingTests : IAsyncLifetime
{
    private readonly CollectedLogs _logs = new();
    private RostroMock _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await RostroMock.StartAsync(new MockServerOptions
        {
            AuditResponses = true,
            LoggerProvider = _logs,

            // Kestrel's default (240 bytes/s after a 5 s grace) made slow; the heartbeat checks once a second, so the grace must exceed it.
            MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1000, gracePeriod: TimeSpan.FromSeconds(1.5)),
        });
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "reader");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private void AssertQuiet()
    {
        _server.Audit.Violations.Should().BeEmpty();
        _server.Health.UnhandledExceptions.Should().Be(0);
        _logs.Entries.Should().BeEmpty("a bad or abandoned body is the client's doing, not the mock's: nothing to log");
    }

    private async Task<string[]> BlacklistAsync()
    {
        var account = await (await _http.GetAsync("api/account")).JsonAsync();
        return account["blacklist"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray();
    }

    [Fact]
    public async Task Malformed_chunked_body_answers_400_envelope_and_changes_nothing()
    {
        await using var raw = await RawHttp.ConnectAsync(_server.BaseAddress);
        await raw.SendAsync("POST /api/account/blacklist HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer reader\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{\"word\":\"x\"}\r\n0\r\n\r\n");

        var response = await raw.ReadResponseAsync();

        response.Status.Should().Be(400);
        response.Json["code"]!.GetValue<int>().Should().Be(ErrorCodes.MalformedJson);
        response.Json["errorCode"]!.GetValue<int>().Should().Be(400);
        (await BlacklistAsync()).Should().BeEmpty();
        AssertQuiet();
    }

    [Fact]
    public async Task Body_slower_than_the_minimum_data_rate_answers_408_envelope()
    {
        await using var raw = await RawHttp.ConnectAsync(_server.BaseAddress);
        await raw.SendAsync("POST /api/account/blacklist HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer reader\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"word\":\"");

        // One byte every 200 ms is far below 1000 bytes/s: the server gives up after the grace period.
        var answered = raw.ReadResponseAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 50 && !answered.IsCompleted; i++)
        {
            try
            {
                await raw.SendAsync("a");
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(answered, Task.Delay(200));
        }

        var response = await answered;
        response.Status.Should().Be(408);
        response.Json["code"]!.GetValue<int>().Should().Be(ErrorCodes.BodyTooSlow);
        (await BlacklistAsync()).Should().BeEmpty();
        AssertQuiet();
    }

    [Fact]
    public async Task Clients_that_leave_mid_body_are_not_an_error_and_leave_nothing_in_the_log()
    {
        for (var i = 0; i < 20; i++)
        {
            await using var raw = await RawHttp.ConnectAsync(_server.BaseAddress);
            var path = i % 2 == 0 ? "/api/account/blacklist" : "/lore/item";
            var type = i % 2 == 0 ? "application/json" : "multipart/form-data; boundary=b";
            await raw.SendAsync($"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer reader\r\nContent-Type: {type}\r\nContent-Length: 5000\r\n\r\n{{\"word\":\"abc");
        }

        // Each connection closed with most of its body unsent; give the server a moment to notice all of them.
        await Task.Delay(500);
        (await BlacklistAsync()).Should().BeEmpty();
        AssertQuiet();
    }

    [Fact]
    public async Task Multipart_boundary_over_the_limit_answers_400_1001_naming_the_limit()
    {
        var boundary = new string('b', 129);
        using var content = new StringContent($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--{boundary}--\r\n");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        var body = await (await _http.PostAsync("engine/api/assets", content)).ShouldBeAsync(400);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.MalformedJson);
        body["error"]!.GetValue<string>().Should().Contain("boundary").And.Contain("128");
        AssertQuiet();
    }

    [Fact]
    public async Task Multipart_with_more_parts_than_the_limit_answers_413_naming_that_limit_and_adds_nothing()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("x"), "file");
        for (var i = 0; i < 1100; i++)
        {
            form.Add(new StringContent("v"), $"f{i}");
        }

        var body = await (await _http.PostAsync("engine/api/assets", form)).ShouldBeAsync(413);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.BodyTooLarge);
        body["error"]!.GetValue<string>().Should().Contain("1024 parts").And.NotContain("bytes");
        (await (await _http.GetAsync("engine/api/assets")).JsonAsync())["count"]!.GetValue<int>().Should().Be(MockServerFixture.FreshWorld.Assets.Count, "only the fixtures' assets");
        AssertQuiet();
    }

    [Fact]
    public async Task Multipart_without_its_closing_boundary_answers_400_1001()
    {
        using var content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunfinished");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var body = await (await _http.PostAsync("engine/api/assets", content)).ShouldBeAsync(400);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.MalformedJson);
        AssertQuiet();
    }

    [Fact]
    public async Task Request_target_longer_than_8_KiB_answers_414_envelope()
    {
        var body = await (await _http.GetAsync($"api/users/{new string('a', 9000)}")).ShouldBeAsync(414);

        body["errorCode"]!.GetValue<int>().Should().Be(414);
        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.RequestTooLarge);
        body["error"]!.GetValue<string>().Should().Contain("8192");
        AssertQuiet();
    }

    [Fact]
    public async Task Headers_larger_than_32_KiB_answer_431_envelope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/self");
        request.Headers.Add("X-Big", new string('a', 40_000));

        var body = await (await _http.SendAsync(request)).ShouldBeAsync(431);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.RequestTooLarge);
        body["error"]!.GetValue<string>().Should().Contain("32768");
        AssertQuiet();
    }

    [Fact]
    public async Task More_than_100_headers_answer_431_envelope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/self");
        for (var i = 0; i < 120; i++)
        {
            request.Headers.Add($"X-H{i}", "v");
        }

        var body = await (await _http.SendAsync(request)).ShouldBeAsync(431);

        body["error"]!.GetValue<string>().Should().Contain("100 headers");
        AssertQuiet();
    }

    [Fact]
    public async Task X_mock_max_body_bytes_lowers_the_limit_for_one_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/account/blacklist") { Content = new StringContent("""{ "word": "longer than sixteen" }""", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Mock-Max-Body-Bytes", "16");

        var body = await (await _http.SendAsync(request)).ShouldBeAsync(413);

        body["error"]!.GetValue<string>().Should().Contain("16 bytes");
        (await BlacklistAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task X_mock_max_body_bytes_raises_the_limit_for_one_request()
    {
        var word = new string('w', 2 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($$"""{ "model": "mythomax", "messages": [ { "role": "user", "content": "{{word}}" } ], "max_completion_tokens": 1 }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Mock-Max-Body-Bytes", $"{4 * 1024 * 1024}");

        await (await _http.SendAsync(request)).ShouldBeAsync(200);
    }

    [Fact]
    public async Task A_body_over_the_limit_on_an_operation_that_takes_none_is_ignored_not_413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/self") { Content = new ByteArrayContent(new byte[(1024 * 1024) + 10]) };

        var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the operation takes no body, so none is read, as the real API would");
        AssertQuiet();
    }
}
