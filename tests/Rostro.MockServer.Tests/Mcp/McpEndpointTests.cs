using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;

namespace Rostro.MockServer.Tests.Mcp;

/// <summary>The mock's <c>/mcp</c>: the transport rules it adds to the SDK's, and the mock's settings, faults, journal and reset reaching tool calls.</summary>
/// <remarks>The protocol and every tool against its REST operation are the contract suite's MCP checks (they run against this mock in every run).</remarks>
public sealed class McpEndpointTests : IAsyncLifetime
{
    private RostroMock _mock = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _mock = await RostroMock.StartAsync(new MockServerOptions { AuditResponses = true });
        _http = new HttpClient { BaseAddress = _mock.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task An_origin_of_another_machine_is_refused_with_403_and_a_local_one_is_served()
    {
        using var evil = await PostAsync(Initialize(), h => h.Add("Origin", "http://evil.example.com"));
        evil.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await evil.Content.ReadAsStringAsync()).Should().Contain("DNS rebinding");

        using var local = await PostAsync(Initialize(), h => h.Add("Origin", "http://localhost:3000"));
        local.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_host_that_names_another_machine_is_refused_while_the_mock_listens_on_loopback()
    {
        using var rebound = await PostAsync(Initialize(), h => h.Host = "evil.example.com");
        rebound.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_refused_credential_is_401_with_the_API_envelope_and_no_credential_is_served()
    {
        using var refused = await PostAsync(Initialize(), h => h.Authorization = new AuthenticationHeaderValue("Bearer", "invalid-token"));
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errorCode"]!.GetValue<int>().Should().Be(401);

        using var anonymous = await PostAsync(Initialize(), _ => { });
        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reset_ends_every_session_and_the_client_initializes_again()
    {
        var session = await InitializeAsync("alice");
        (await CallAsync(session, "alice", "get_self", [])).Should().NotBeNull();

        (await _http.PostAsync("/__admin/reset", null)).EnsureSuccessStatusCode();
        _mock.McpSessions.Count.Should().Be(0);

        using var ended = await PostAsync(Message("ping", null, 9), h => Credentials(h, "alice", session));
        ended.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var again = await InitializeAsync("alice");
        again.Should().NotBe(session);
        (await CallAsync(again, "alice", "get_self", []))!["result"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_tool_call_is_journaled_with_its_tool_and_acts_on_the_callers_world()
    {
        var session = await InitializeAsync("bob");
        var renamed = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/self/username")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "bob") },
            Content = new StringContent("""{"new_username":"Bobbin"}""", Encoding.UTF8, "application/json"),
        });
        renamed.EnsureSuccessStatusCode();

        var self = await CallAsync(session, "bob", "get_self", []);
        self!["result"]!["structuredContent"]!["username"]!.GetValue<string>().Should().Be("Bobbin");
        var entry = _mock.Journal.Snapshot(100).First(e => e.Tool is not null);
        entry.Tool.Should().Be("get_self");
        entry.OperationId.Should().Be("getSelf");
        entry.Headers["Authorization"].Should().Be(Rostro.MockServer.Admin.RequestJournal.Redacted);
    }

    [Fact]
    public async Task Prefer_and_the_error_rate_reach_tool_calls_as_isError_results_with_the_status()
    {
        var session = await InitializeAsync("carol");
        var forced = await CallAsync(session, "carol", "get_project_ratings", new JsonObject { ["project_id"] = 172700 }, h => h.Add("Prefer", "code=404"));
        forced!["result"]!["isError"]!.GetValue<bool>().Should().BeTrue();
        forced["result"]!["_meta"]!["dev.rostro/status"]!.GetValue<int>().Should().Be(404);

        _mock.Settings.Replace(_mock.Settings.Current with { ErrorRatePercent = 100, ErrorStatus = 503 });
        var failed = await CallAsync(session, "carol", "get_self", []);
        failed!["result"]!["isError"]!.GetValue<bool>().Should().BeTrue();
        failed["result"]!["_meta"]!["dev.rostro/status"]!.GetValue<int>().Should().Be(503);
        failed["result"]!["_meta"]!["dev.rostro/retryAfter"]!.GetValue<string>().Should().Be("1");
    }

    [Fact]
    public async Task The_error_rate_header_reaches_tool_calls_after_the_credential_check()
    {
        var session = await InitializeAsync("frank");
        var failed = await CallAsync(session, "frank", "get_self", [], h => h.Add("X-Mock-Error-Rate-Percent", "100"));
        failed!["result"]!["_meta"]!["dev.rostro/status"]!.GetValue<int>().Should().Be(503);

        using var anonymous = await PostAsync(Initialize(), _ => { });
        var anonymousSession = anonymous.Headers.GetValues("Mcp-Session-Id").Single();
        using var call = await PostAsync(Message("tools/call", new JsonObject { ["name"] = "get_self", ["arguments"] = new JsonObject() }, 2), h =>
        {
            h.Add("Mcp-Session-Id", anonymousSession);
            h.Add("MCP-Protocol-Version", "2025-06-18");
            h.Add("X-Mock-Error-Rate-Percent", "100");
        });
        (await ReadAsync(call))!["result"]!["_meta"]!["dev.rostro/status"]!.GetValue<int>().Should().Be(401, "a call without a credential is refused before any fault");
    }

    [Fact]
    public async Task A_422_forced_with_Prefer_is_an_isError_result_not_invalid_arguments()
    {
        var session = await InitializeAsync("gina");
        var forced = await CallAsync(session, "gina", "update_project_metadata", new JsonObject { ["project_id"] = 172700, ["title"] = "x" }, h => h.Add("Prefer", "code=422"));

        forced!["error"].Should().BeNull();
        forced["result"]!["isError"]!.GetValue<bool>().Should().BeTrue();
        forced["result"]!["_meta"]!["dev.rostro/status"]!.GetValue<int>().Should().Be(422);
    }

    [Theory]
    [InlineData("get_project_ratings", """{"project_id":{"a":1}}""")]
    [InlineData("get_project_ratings", """{"project_id":[1,2]}""")]
    [InlineData("get_lore_items", """{"owner_ids":[[1],[2]]}""")]
    [InlineData("get_gallery", """{"limit":"many","page":-1,"nsfw":"maybe","extra":null}""")]
    [InlineData("add_lore_item", """{"file":{"text":"x"},"metadata":7}""")]
    [InlineData("update_project_metadata", """{"project_id":172700,"title":123456,"tags":"not-a-list"}""")]
    public async Task Wrong_shaped_arguments_are_invalid_params_and_nothing_fails(string tool, string arguments)
    {
        var session = await InitializeAsync("hugo");
        var answer = await CallAsync(session, "hugo", tool, JsonNode.Parse(arguments)!.AsObject());

        answer!["error"]!["code"]!.GetValue<int>().Should().Be(-32602);
        answer["error"]!["data"]!["detail"]!.AsArray().Should().NotBeEmpty();
        _mock.Health.UnhandledExceptions.Should().Be(0);
    }

    [Theory]
    [InlineData("tools/call", """{"name":"get_self","arguments":{}}""", "structuredContent")]
    [InlineData("tools/list", null, "nextCursor")]
    public async Task A_POSTed_request_is_answered_whole_with_its_length_and_a_GET_stream_is_not_held(string method, string? parameters, string expected)
    {
        var session = await InitializeAsync("gina");
        var message = Message(method, parameters is null ? null : JsonNode.Parse(parameters)!.AsObject(), 2);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        post.Headers.Accept.ParseAdd("application/json, text/event-stream");
        Credentials(post.Headers, "gina", session);

        // The length as the server sent it, read before the body (HttpClient would otherwise count a buffered body).
        using var call = await _http.SendAsync(post, HttpCompletionOption.ResponseHeadersRead);
        call.StatusCode.Should().Be(HttpStatusCode.OK);
        call.Headers.TransferEncodingChunked.Should().NotBe(true);
        var length = call.Content.Headers.ContentLength;
        length.Should().NotBeNull("the answer is held and sent with its length");
        var bytes = await call.Content.ReadAsByteArrayAsync();
        bytes.Length.Should().Be((int)length!.Value);
        call.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        Encoding.UTF8.GetString(bytes).Should().Contain($"\"{expected}\"");

        // The server's own stream stays open for its messages: its headers come at once, with no length (it is not held).
        using var get = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        get.Headers.Accept.ParseAdd("text/event-stream");
        Credentials(get.Headers, "gina", session);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var stream = await _http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        stream.StatusCode.Should().Be(HttpStatusCode.OK);
        stream.Content.Headers.ContentLength.Should().BeNull();
        stream.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
    }

    [Fact]
    public async Task A_POST_to_a_path_under_mcp_that_is_not_the_endpoint_is_the_APIs_404_with_its_envelope()
    {
        using var response = await _http.PostAsync("/mcp/unknown", new StringContent("{}", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync();
        response.Content.Headers.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(body));
        JsonNode.Parse(body)!["error"]!.GetValue<string>().Should().Contain("/mcp/unknown");
    }

    [Fact]
    public async Task A_tool_call_whose_path_would_be_too_long_is_refused_with_414()
    {
        var session = await InitializeAsync("ivan");
        var answer = await CallAsync(session, "ivan", "get_lore_items", new JsonObject { ["owner_ids"] = new JsonArray([.. Enumerable.Range(1_000_000, 2_000).Select(i => (JsonNode)i)]) });

        answer!["result"]!["_meta"]!["dev.rostro/status"]!.GetValue<int>().Should().Be(414);
        _mock.Health.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task A_bad_cursor_is_invalid_params()
    {
        var session = await InitializeAsync("jane");
        using var response = await PostAsync(Message("tools/list", new JsonObject { ["cursor"] = new string('A', 5000) }, 3), h => Credentials(h, "jane", session));
        (await ReadAsync(response))!["error"]!["code"]!.GetValue<int>().Should().Be(-32602);
    }

    [Fact]
    public async Task The_delay_setting_delays_tool_calls_as_it_delays_REST()
    {
        var session = await InitializeAsync("dave");
        var started = Stopwatch.GetTimestamp();
        await CallAsync(session, "dave", "get_self", [], h => h.Add("X-Mock-Delay-Ms", "300"));
        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task The_stateless_form_answers_tool_calls_without_a_session()
    {
        await using var stateless = await RostroMock.StartAsync(new MockServerOptions { McpStateless = true });
        using var http = new HttpClient { BaseAddress = stateless.BaseAddress };
        using var initialize = await PostAsync(http, Initialize(), h => h.Authorization = new AuthenticationHeaderValue("Bearer", "erin"));
        initialize.StatusCode.Should().Be(HttpStatusCode.OK);
        initialize.Headers.Contains("Mcp-Session-Id").Should().BeFalse();

        using var call = await PostAsync(http, Message("tools/call", new JsonObject { ["name"] = "get_self", ["arguments"] = new JsonObject() }, 2), h =>
        {
            h.Authorization = new AuthenticationHeaderValue("Bearer", "erin");
            h.Add("MCP-Protocol-Version", "2025-06-18");
        });
        (await ReadAsync(call))!["result"]!["structuredContent"]!["username"].Should().NotBeNull();
    }

    private static JsonObject Initialize() => Message("initialize", new JsonObject
    {
        ["protocolVersion"] = "2025-06-18",
        ["capabilities"] = new JsonObject(),
        ["clientInfo"] = new JsonObject { ["name"] = "mock-tests", ["version"] = "1" },
    }, 1);

    private static JsonObject Message(string method, JsonObject? parameters, int id)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message;
    }

    private async Task<string> InitializeAsync(string token)
    {
        using var response = await PostAsync(Initialize(), h => h.Authorization = new AuthenticationHeaderValue("Bearer", token));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var session = response.Headers.GetValues("Mcp-Session-Id").Single();
        using var initialized = await PostAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }, h => Credentials(h, token, session));
        return session;
    }

    private async Task<JsonNode?> CallAsync(string session, string token, string tool, JsonObject arguments, Action<HttpRequestHeaders>? more = null)
    {
        using var response = await PostAsync(Message("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }, 2), h =>
        {
            Credentials(h, token, session);
            more?.Invoke(h);
        });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await ReadAsync(response);
    }

    private static void Credentials(HttpRequestHeaders headers, string token, string session)
    {
        headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        headers.Add("Mcp-Session-Id", session);
        headers.Add("MCP-Protocol-Version", "2025-06-18");
    }

    private Task<HttpResponseMessage> PostAsync(JsonObject message, Action<HttpRequestHeaders> headers) => PostAsync(_http, message, headers);

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, JsonObject message, Action<HttpRequestHeaders> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        headers(request.Headers);
        return http.SendAsync(request);
    }

    // Streamable HTTP answers a request as JSON or as SSE events carrying it.
    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            return JsonNode.Parse(body);
        }

        return SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(body))).Enumerate().Select(e => JsonNode.Parse(e.Data)).LastOrDefault(m => m?["id"] is not null);
    }
}
