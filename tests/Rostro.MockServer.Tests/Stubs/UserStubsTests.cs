using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.MockServer.Stubs;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.Stubs;

/// <summary>Your own WireMock stubs on the mock: <c>/__admin/mappings</c>, <c>--mappings</c>, and what answers when.</summary>
/// <remarks>Stubs are server-wide, so each test starts its own mock (response audit on: spec-driven answers must stay valid).</remarks>
public sealed class UserStubsTests : IAsyncLifetime
{
    private const string ModelsOutage = """
        {
          "Title": "models outage",
          "Request": { "Path": { "Matchers": [ { "Name": "WildcardMatcher", "Pattern": "/v1/models" } ] }, "Methods": [ "GET" ] },
          "Response": { "StatusCode": 503, "Headers": { "Retry-After": "7", "Content-Type": "application/json" }, "BodyAsJson": { "detail": "pinned by a stub" } }
        }
        """;

    private RostroMock _mock = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _mock = await RostroMock.StartAsync(new MockServerOptions { AuditResponses = true, Settings = new Rostro.MockServer.Settings.MockSettings { TtftMs = 0, InterTokenMs = 0 } });
        _http = NewClient(_mock);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task A_posted_stub_answers_its_request_and_deleting_it_brings_back_the_spec_answer()
    {
        var added = await (await PostMappingAsync(ModelsOutage)).ShouldBeAsync(201);
        var id = added["Guid"]!.GetValue<string>();

        using (var stubbed = await _http.GetAsync("v1/models"))
        {
            ((int)stubbed.StatusCode).Should().Be(503);
            stubbed.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
            JsonNode.Parse(await stubbed.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>().Should().Be("pinned by a stub");
        }

        (await _http.DeleteAsync($"__admin/mappings/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var spec = await (await _http.GetAsync("v1/models")).ShouldBeAsync(200);
        spec["object"]!.GetValue<string>().Should().Be("list");
        spec["data"]!.AsArray().Should().NotBeEmpty();
        _mock.Stubs.Active.Should().BeFalse("no stub is left");
        AssertHealthy();
    }

    [Fact]
    public async Task Every_answer_declares_the_mock_and_no_stub_can_take_that_away()
    {
        // A stub that answers every route (and says it means to) and tries to set the identity header itself.
        const string everything = """
            { "Request": { "Path": { "Matchers": [ { "Name": "WildcardMatcher", "Pattern": "/*" } ] } }, "Data": { "rostro": { "matchesEverything": true } },
              "Response": { "StatusCode": 200, "Headers": { "X-Rostro-Mock": "spoofed" }, "BodyAsJson": { "stubbed": true } } }
            """;
        using var before = await _http.GetAsync("v1/models");
        await (await PostMappingAsync(everything)).ShouldBeAsync(201);

        using var stubbed = await _http.GetAsync("v1/models");
        using var unknown = await _http.GetAsync("no/such/route");
        using var admin = await _http.GetAsync("__admin/settings");

        foreach (var answer in new[] { before, stubbed, unknown, admin })
        {
            answer.Headers.GetValues(MockIdentity.Header).Should().Equal([MockIdentity.Value], "{0} {1}", answer.RequestMessage!.RequestUri, (int)answer.StatusCode);
        }

        JsonNode.Parse(await stubbed.Content.ReadAsStringAsync())!["stubbed"]!.GetValue<bool>().Should().BeTrue("the stub answered");
        MockIdentity.Value.Should().StartWith("Rostro.MockServer/");
    }

    [Fact]
    public async Task Requests_no_stub_matches_stay_spec_driven_and_stateful_while_stubs_are_loaded()
    {
        await (await PostMappingAsync(ModelsOutage)).ShouldBeAsync(201);

        // A JSON body goes through untouched: stored in the caller's world, then read back from it.
        await (await _http.PostAsync("api/account/blacklist", Json("""{ "word": "stubbed-world" }"""))).ShouldBeAsync(200);
        var account = await (await _http.GetAsync("api/account")).ShouldBeAsync(200);

        // The body is still validated by the spec: a wrong type is the 422 naming the field.
        var invalid = await (await _http.PostAsync("api/account/blacklist", Json("""{ "word": 42 }"""))).ShouldBeAsync(422);

        account["blacklist"]!.AsArray().Select(w => w!.GetValue<string>()).Should().Equal("stubbed-world");
        invalid.Details().Select(d => d.Loc).Should().Contain("body/word");
        AssertHealthy();
    }

    [Fact]
    public async Task The_journal_names_the_stub_that_answered_and_no_stub_for_the_rest()
    {
        var id = Guid.Parse((await (await PostMappingAsync(ModelsOutage)).ShouldBeAsync(201))["Guid"]!.GetValue<string>());

        await _http.GetAsync("v1/models");
        await _http.GetAsync("api/self");

        var entries = (await (await _http.GetAsync("__admin/requests?limit=2")).JsonAsync())["requests"]!.AsArray();
        entries[0]!["path"]!.GetValue<string>().Should().Be("/api/self");
        entries[0]!["stub"].Should().BeNull();
        entries[1]!["path"]!.GetValue<string>().Should().Be("/v1/models");
        entries[1]!["status"]!.GetValue<int>().Should().Be(503);
        entries[1]!["stub"]!["id"]!.GetValue<Guid>().Should().Be(id);
        entries[1]!["stub"]!["title"]!.GetValue<string>().Should().Be("models outage");
    }

    [Fact]
    public async Task A_stub_can_answer_a_path_the_spec_does_not_have()
    {
        await (await PostMappingAsync("""{ "Request": { "Path": "/api/next-feature", "Methods": ["GET"] }, "Response": { "StatusCode": 200, "Body": "coming soon" } }""")).ShouldBeAsync(201);

        using var stubbed = await _http.GetAsync("api/next-feature");
        using var unstubbed = await _http.GetAsync("api/other-feature");

        stubbed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await stubbed.Content.ReadAsStringAsync()).Should().Be("coming soon");
        (await unstubbed.ShouldBeAsync(404))["code"]!.GetValue<int>().Should().Be(ErrorCodes.RouteNotFound, "an unmatched request gets the mock's own answer");
    }

    [Fact]
    public async Task A_stub_matches_on_the_request_body_with_WireMock_matchers_and_other_bodies_reach_the_mimic()
    {
        await (await PostMappingAsync("""
            {
              "Request": {
                "Path": "/v1/chat/completions", "Methods": ["POST"],
                "Body": { "Matcher": { "Name": "JsonPartialMatcher", "Pattern": { "model": "pinned-model" } } }
              },
              "Response": { "StatusCode": 200, "Headers": { "Content-Type": "application/json" }, "BodyAsJson": { "canned": true } }
            }
            """)).ShouldBeAsync(201);

        var canned = await (await _http.PostAsync("v1/chat/completions", Json("""{"model":"pinned-model","messages":[{"role":"user","content":"Hi"}]}"""))).ShouldBeAsync(200);
        var mimic = await (await _http.PostAsync("v1/chat/completions", Json("""{"model":"mythomax","messages":[{"role":"user","content":"Hi"}]}"""))).ShouldBeAsync(200);

        canned["canned"]!.GetValue<bool>().Should().BeTrue();
        mimic["object"]!.GetValue<string>().Should().Be("chat.completion", "the same route with another body is the mimic's");
        AssertHealthy();
    }

    [Fact]
    public async Task A_stub_delay_is_waited_before_its_answer()
    {
        await (await PostMappingAsync("""{ "Request": { "Path": "/slow", "Methods": ["GET"] }, "Response": { "StatusCode": 204, "Delay": 400 } }""")).ShouldBeAsync(201);

        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync("slow");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(390);
    }

    [Fact]
    public async Task A_scenario_moves_through_its_states_as_WireMock_defines()
    {
        var added = await (await PostMappingAsync("""
            [
              { "Scenario": "flaky", "SetStateTo": "recovered",
                "Request": { "Path": "/v1/models", "Methods": ["GET"] }, "Response": { "StatusCode": 500 } },
              { "Scenario": "flaky", "WhenStateIs": "recovered", "SetStateTo": "done",
                "Request": { "Path": "/v1/models", "Methods": ["GET"] }, "Response": { "StatusCode": 429, "Headers": { "Retry-After": "1" } } }
            ]
            """)).ShouldBeAsync(201);
        added["Guids"]!.AsArray().Should().HaveCount(2);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _http.GetAsync("v1/models");
            statuses.Add((int)response.StatusCode);
        }

        statuses.Should().Equal(500, 429, 200);
    }

    [Fact]
    public async Task Mapping_property_names_are_read_in_any_case()
    {
        (await PostMappingAsync("""{ "request": { "path": "/lower", "methods": ["get"] }, "response": { "statusCode": 201, "body": "lower" } }""")).StatusCode.Should().Be(HttpStatusCode.Created);

        using var response = await _http.GetAsync("lower");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await response.Content.ReadAsStringAsync()).Should().Be("lower");
    }

    [Fact]
    public async Task Deleting_every_stub_puts_scenarios_back_to_their_start()
    {
        const string flaky = """
            [
              { "Scenario": "flaky", "SetStateTo": "recovered", "Request": { "Path": "/flaky" }, "Response": { "StatusCode": 500 } },
              { "Scenario": "flaky", "WhenStateIs": "recovered", "Request": { "Path": "/flaky" }, "Response": { "StatusCode": 200 } }
            ]
            """;
        (await PostMappingAsync(flaky)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _http.GetAsync("flaky")).StatusCode.Should().Be(HttpStatusCode.InternalServerError);

        (await _http.DeleteAsync("__admin/mappings")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await PostMappingAsync(flaky)).StatusCode.Should().Be(HttpStatusCode.Created);

        (await _http.GetAsync("flaky")).StatusCode.Should().Be(HttpStatusCode.InternalServerError, "the scenario starts again");
    }

    [Fact]
    public async Task A_fault_stub_answers_as_WireMock_Net_does_and_the_mock_stays_healthy()
    {
        // WireMock.Net's EMPTY_RESPONSE is the status with an empty body (Java WireMock's closes the connection instead).
        await (await PostMappingAsync("""{ "Request": { "Path": "/v1/models", "Methods": ["GET"] }, "Response": { "StatusCode": 200, "BodyAsJson": { "data": [] }, "Fault": { "Type": "EMPTY_RESPONSE" } } }""")).ShouldBeAsync(201);

        using var faulty = await _http.GetAsync("v1/models");

        faulty.StatusCode.Should().Be(HttpStatusCode.OK);
        (await faulty.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await _http.GetAsync("api/self")).StatusCode.Should().Be(HttpStatusCode.OK);
        AssertHealthy();
    }

    [Theory]
    [InlineData(500, false, null)]
    [InlineData(1500, false, null)]
    [InlineData(5000, false, null)]
    [InlineData(5000, true, null)]
    [InlineData(5000, false, "10000")]
    [InlineData(5000, true, "10000")]
    public async Task A_request_no_stub_matches_gets_exactly_the_answer_it_gets_with_no_stub_loaded(int bodyBytes, bool chunked, string? maxBodyHeader)
    {
        // Small limits (1000 JSON, 2000 multipart) so that bodies above the larger one are cheap to send.
        var settings = new Rostro.MockServer.Settings.MockSettings { TtftMs = 0, InterTokenMs = 0, MaxBodyBytes = 1000, MaxMultipartBodyBytes = 2000 };
        await using var plain = await RostroMock.StartAsync(new MockServerOptions { Settings = settings });
        await using var stubbed = await RostroMock.StartAsync(new MockServerOptions { Settings = settings });
        using var plainHttp = NewClient(plain);
        using var stubbedHttp = NewClient(stubbed);
        (await stubbedHttp.PostAsync("__admin/mappings", Json(ModelsOutage))).StatusCode.Should().Be(HttpStatusCode.Created);

        var answers = new List<(int Status, string Body)>();
        foreach (var (http, path) in new[] { (plainHttp, "api/account/blacklist"), (stubbedHttp, "api/account/blacklist"), (plainHttp, "api/self"), (stubbedHttp, "api/self") })
        {
            var json = Encoding.UTF8.GetBytes($"{{\"word\":\"{new string('x', bodyBytes)}\"}}");
            HttpContent content = chunked ? new StreamContent(new NonSeekable(json)) : new ByteArrayContent(json);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            if (path == "api/self")
            {
                request.Method = HttpMethod.Get;
            }

            if (maxBodyHeader is not null)
            {
                request.Headers.Add("X-Mock-Max-Body-Bytes", maxBodyHeader);
            }

            using var response = await http.SendAsync(request);
            answers.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        answers[1].Should().Be(answers[0], "POST with a body: the same status and body with a stub loaded as without");
        answers[3].Should().Be(answers[2], "GET, which ignores a body: the same status and body with a stub loaded as without");
        stubbed.Health.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task A_mapping_posted_as_curl_posts_it_without_a_json_content_type_is_accepted()
    {
        using var form = new StringContent(ModelsOutage, Encoding.UTF8, "application/x-www-form-urlencoded");

        (await _http.PostAsync("__admin/mappings", form)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Get_lists_the_stubs_and_get_by_id_shows_one_in_WireMock_Net_form()
    {
        (await _http.GetStringAsync("__admin/mappings")).Should().Be("[]");
        var id = (await (await PostMappingAsync(ModelsOutage)).JsonAsync())["Guid"]!.GetValue<string>();

        var list = JsonNode.Parse(await _http.GetStringAsync("__admin/mappings"))!.AsArray();
        var one = JsonNode.Parse(await _http.GetStringAsync($"__admin/mappings/{id}"))!;

        list.Select(m => m!["Guid"]!.GetValue<string>()).Should().Equal(id);
        one["Title"]!.GetValue<string>().Should().Be("models outage");
        one["Response"]!["StatusCode"]!.GetValue<int>().Should().Be(503);
    }

    [Fact]
    public async Task Put_replaces_a_stub_and_delete_all_removes_every_one()
    {
        var id = (await (await PostMappingAsync(ModelsOutage)).JsonAsync())["Guid"]!.GetValue<string>();

        var put = await _http.PutAsync($"__admin/mappings/{id}", Json(ModelsOutage.Replace("503", "502", StringComparison.Ordinal)));
        using (var replaced = await _http.GetAsync("v1/models"))
        {
            put.StatusCode.Should().Be(HttpStatusCode.OK);
            replaced.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        (await _http.DeleteAsync("__admin/mappings")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        _mock.Stubs.Count.Should().Be(0);
    }

    [Theory]
    [InlineData("""{ "Request": { "Path": "/p" }, "Response": { "ProxyUrl": "http://example.com" } }""", "body/Response/ProxyUrl")]
    [InlineData("""{ "Request": { "Path": "/p" }, "Response": { "BodyAsFile": "/etc/passwd" } }""", "body/Response/BodyAsFile")]
    [InlineData("""{ "Request": { "Path": "/p" }, "Response": { "StatusCode": 200 }, "Webhook": { "Request": { "Url": "http://example.com", "Method": "POST" } } }""", "body/Webhook")]
    [InlineData("""{ "Request": { "Path": "/p" }, "Response": { "StatusCode": 200 }, "SaveToFile": true }""", "body/SaveToFile")]
    [InlineData("""{ "Request": { "Path": "/p" }, "Response": { "StatusCode": 200, "WebProxy": { "Address": "http://proxy.example:3128" } } }""", "body/Response/WebProxy")]
    [InlineData("""{ "Request": { "Path": "/p" }, "Response": { "StatusCode": 200 }, "Webhooks": [ { "Request": { "Url": "http://example.com", "Method": "POST" } } ] }""", "body/Webhooks")]
    [InlineData("""[ { "Guid": "0d6c8a3e-0000-4000-8000-000000000001", "Request": { "Path": "/a" }, "Response": { "StatusCode": 200 } }, { "Guid": "0d6c8a3e-0000-4000-8000-000000000001", "Request": { "Path": "/b" }, "Response": { "StatusCode": 200 } } ]""", "body/1/Guid")]
    [InlineData("""{ "Request": { "Path": "/p" } }""", "body/Response")]
    [InlineData("""[ { "Request": { "Path": "/ok" }, "Response": { "StatusCode": 200 } }, 3 ]""", "body/1")]
    public async Task A_mapping_the_mock_refuses_is_a_422_at_its_loc_and_loads_nothing(string mapping, string loc)
    {
        var refused = await (await PostMappingAsync(mapping)).ShouldBeAsync(422);

        refused.Details().Select(d => d.Loc).Should().Contain(loc);
        (await _http.GetStringAsync("__admin/mappings")).Should().Be("[]");
        _mock.Stubs.Active.Should().BeFalse();
    }

    [Fact]
    public async Task A_batch_with_a_mapping_WireMock_cannot_build_is_refused_whole()
    {
        var refused = await (await PostMappingAsync("""
            [
              { "Request": { "Path": "/fine" }, "Response": { "StatusCode": 200 } },
              { "Request": { "Path": { "Matchers": [ { "Name": "NoSuchMatcher", "Pattern": "/x" } ] } }, "Response": { "StatusCode": 200 } }
            ]
            """)).ShouldBeAsync(422);

        refused.Details().Select(d => d.Loc).Should().Equal("body/1");
        _mock.Stubs.Count.Should().Be(0, "the first mapping of the batch was taken back");
        (await _http.GetAsync("fine")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_batch_puts_back_the_stub_it_would_have_replaced()
    {
        var id = (await (await PostMappingAsync(ModelsOutage)).JsonAsync())["Guid"]!.GetValue<string>();

        (await PostMappingAsync($$"""
            [
              { "Guid": "{{id}}", "Request": { "Path": "/v1/models", "Methods": ["GET"] }, "Response": { "StatusCode": 502 } },
              { "Request": { "Path": { "Matchers": [ { "Name": "NoSuchMatcher", "Pattern": "/x" } ] } }, "Response": { "StatusCode": 200 } }
            ]
            """)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        (await _http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the stub the batch would have replaced is back");
        _mock.Stubs.Count.Should().Be(1);
    }

    [Fact]
    public async Task An_array_of_one_mapping_is_answered_as_an_array()
    {
        var added = await (await PostMappingAsync($"[{ModelsOutage}]")).ShouldBeAsync(201);

        added["Guids"]!.AsArray().Should().HaveCount(1);
        added["Status"]!.GetValue<string>().Should().Be("Mappings added");
    }

    [Fact]
    public async Task Get_or_delete_of_an_unknown_stub_id_is_the_404_envelope()
    {
        var id = Guid.NewGuid();

        (await (await _http.GetAsync($"__admin/mappings/{id}")).ShouldBeAsync(404))["code"]!.GetValue<int>().Should().Be(ErrorCodes.ResourceNotFound);
        (await (await _http.DeleteAsync($"__admin/mappings/{id}")).ShouldBeAsync(404))["code"]!.GetValue<int>().Should().Be(ErrorCodes.ResourceNotFound);
    }

    [Fact]
    public async Task The_world_reset_leaves_the_stubs_loaded()
    {
        await (await PostMappingAsync(ModelsOutage)).ShouldBeAsync(201);

        (await _http.PostAsync("__admin/reset", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_mapping_body_over_the_limit_is_413_and_loads_nothing()
    {
        var huge = $$"""{ "Request": { "Path": "/big" }, "Response": { "StatusCode": 200, "Body": "{{new string('x', StubRules.MaxMappingBytes)}}" } }""";

        (await PostMappingAsync(huge)).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        _mock.Stubs.Count.Should().Be(0);
    }

    [Fact]
    public async Task Malformed_mapping_json_is_the_400_envelope_and_loads_nothing()
    {
        var refused = await (await PostMappingAsync("""{ "Request": """)).ShouldBeAsync(400);

        refused["code"]!.GetValue<int>().Should().Be(ErrorCodes.MalformedJson);
        _mock.Stubs.Count.Should().Be(0);
    }

    [Fact]
    public async Task More_stubs_than_the_bound_are_refused_and_those_loaded_stay()
    {
        var many = new JsonArray();
        for (var i = 0; i < StubRules.MaxStubs; i++)
        {
            many.Add(JsonNode.Parse($$"""{ "Request": { "Path": "/n/{{i}}" }, "Response": { "StatusCode": 200 } }"""));
        }

        (await PostMappingAsync(many.ToJsonString())).StatusCode.Should().Be(HttpStatusCode.Created);
        var refused = await (await PostMappingAsync("""{ "Request": { "Path": "/one-more" }, "Response": { "StatusCode": 200 } }""")).ShouldBeAsync(422);

        refused["detail"]![0]!["msg"]!.GetValue<string>().Should().Contain($"at most {StubRules.MaxStubs}");
        _mock.Stubs.Count.Should().Be(StubRules.MaxStubs);
        (await _http.GetAsync("one-more")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mapping_routes_refuse_a_dns_rebinding_request_like_every_admin_route()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "__admin/mappings") { Content = Json(ModelsOutage) };
        request.Headers.Host = $"evil.example:{_mock.BaseAddress.Port}";

        var refused = await (await _http.SendAsync(request)).ShouldBeAsync(403);

        refused["code"]!.GetValue<int>().Should().Be(ErrorCodes.AdminRefused);
        _mock.Stubs.Count.Should().Be(0);
    }

    [Fact]
    public async Task Mapping_routes_need_the_admin_token_when_one_is_set()
    {
        await using var guarded = await RostroMock.StartAsync(new MockServerOptions { AdminToken = "s3cret" });
        using var http = NewClient(guarded);

        (await http.PostAsync("__admin/mappings", Json(ModelsOutage))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        guarded.Stubs.Count.Should().Be(0);

        http.DefaultRequestHeaders.Add(Rostro.MockServer.Admin.AdminAccess.TokenHeader, "s3cret");
        (await http.PostAsync("__admin/mappings", Json(ModelsOutage))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_mappings_folder_is_loaded_at_start_and_reset_brings_it_back()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "outage.json"), ModelsOutage);
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { StubMappingsDirectory = folder.Path });
        using var http = NewClient(mock);
        (await http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the folder's stub is loaded");

        (await http.DeleteAsync("__admin/mappings")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.PostAsync("__admin/mappings", Json("""{ "Request": { "Path": "/added" }, "Response": { "StatusCode": 200 } }"""))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);

        var reset = await (await http.PostAsync("__admin/mappings/reset", null)).ShouldBeAsync(200);

        reset["Loaded"]!.GetValue<int>().Should().Be(1);
        (await http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await http.GetAsync("added")).StatusCode.Should().Be(HttpStatusCode.NotFound, "reset removed the stub added since start");
    }

    [Fact]
    public async Task A_reset_when_the_folder_no_longer_loads_is_a_422_and_changes_nothing()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "outage.json"), ModelsOutage);
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { StubMappingsDirectory = folder.Path });
        using var http = NewClient(mock);
        (await http.PostAsync("__admin/mappings", Json("""{ "Request": { "Path": "/added" }, "Response": { "StatusCode": 200 } }"""))).StatusCode.Should().Be(HttpStatusCode.Created);
        var broken = Path.Combine(folder.Path, "zz-broken.json");
        await File.WriteAllTextAsync(broken, """{ "Request": """);

        var refused = await (await http.PostAsync("__admin/mappings/reset", null)).ShouldBeAsync(422);

        refused.ToJsonString().Should().Contain("zz-broken.json");
        mock.Stubs.Count.Should().Be(2);
        (await http.GetAsync("added")).StatusCode.Should().Be(HttpStatusCode.OK, "the stub added since start is still there");
        (await http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_mappings_folder_with_a_mapping_WireMock_cannot_build_stops_the_start_naming_its_file()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a-fine.json"), ModelsOutage);
        var file = Path.Combine(folder.Path, "b-unbuildable.json");
        await File.WriteAllTextAsync(file, """{ "Request": { "Path": { "Matchers": [ { "Name": "NoSuchMatcher", "Pattern": "/x" } ] } }, "Response": { "StatusCode": 200 } }""");

        var start = async () => await RostroMock.StartAsync(new MockServerOptions { StubMappingsDirectory = folder.Path });

        (await start.Should().ThrowAsync<StubFileException>()).Which.Path.Should().Be(file);
    }

    [Fact]
    public async Task A_mappings_folder_with_a_file_the_mock_refuses_stops_the_start_naming_the_file()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "proxy.json");
        await File.WriteAllTextAsync(file, """{ "Request": { "Path": "/p" }, "Response": { "ProxyUrl": "http://example.com" } }""");

        var start = async () => await RostroMock.StartAsync(new MockServerOptions { StubMappingsDirectory = folder.Path });

        (await start.Should().ThrowAsync<StubFileException>()).Which.Message.Should().Contain(file).And.Contain("Response.ProxyUrl");
    }

    // A folder of mapping files, deleted with everything in it at the end of the test.
    private sealed class TempFolder : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rostro-stubs-");

        public string Path => _folder.FullName;

        public void Dispose() => _folder.Delete(recursive: true);
    }

    // A body of unknown length: HttpClient sends it chunked.
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static HttpClient NewClient(RostroMock mock)
    {
        var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "stub-tests");
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostMappingAsync(string mapping) => _http.PostAsync("__admin/mappings", Json(mapping));

    private void AssertHealthy()
    {
        _mock.Audit.Violations.Should().BeEmpty("every spec-driven answer must match the spec");
        _mock.Health.UnhandledExceptions.Should().Be(0);
    }
}
