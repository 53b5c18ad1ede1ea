using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.Stubs;

/// <summary>Your own stubs in either WireMock form: Java WireMock's fields one by one, refusals at their <c>loc</c>, no mapping that silently matches everything, and what a stub was given and understood as.</summary>
/// <remarks>Every request a Java-form stub should not answer goes to a path the spec does not have, so the mock's own 404 envelope (code 1404) shows that no stub answered.</remarks>
public sealed class StubFormsTests : IAsyncLifetime
{
    private RostroMock _mock = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _mock = await RostroMock.StartAsync(new MockServerOptions { AuditResponses = true, Settings = new Rostro.MockServer.Settings.MockSettings { TtftMs = 0, InterTokenMs = 0 } });
        _http = new HttpClient { BaseAddress = _mock.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "stub-forms");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task The_mapping_everybody_writes_for_Java_WireMock_answers_its_request_and_only_that_one()
    {
        var added = await (await PostAsync("""{"request": {"method": "GET", "urlPath": "/api/account"}, "response": {"status": 200, "jsonBody": {"username": "Stubbed"}}}""")).ShouldBeAsync(201);

        (await (await _http.GetAsync("api/account")).ShouldBeAsync(200))["username"]!.GetValue<string>().Should().Be("Stubbed");
        var self = await (await _http.GetAsync("api/self")).ShouldBeAsync(200);
        self["username"]!.GetValue<string>().Should().NotBe("Stubbed", "every other route keeps the spec's answer");
        using var post = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/account"));
        ((int)post.StatusCode).Should().Be(405, "POST /api/account is the spec's 405, not the stub's 200");
        added["Guid"].Should().NotBeNull();
        _mock.Audit.Violations.Should().BeEmpty();
    }

    // Java WireMock's request fields, each with a request it matches and one it must not.
    public static TheoryData<string, string, Req, Req> RequestFields() => new()
    {
        { "method", """{"method": "PUT", "urlPath": "/java/m"}""", new("PUT", "/java/m"), new("GET", "/java/m") },
        { "method ANY", """{"method": "ANY", "urlPath": "/java/any"}""", new("PATCH", "/java/any"), new("GET", "/java/other") },
        { "url (path and query, exact)", """{"method": "GET", "url": "/java/url?a=1"}""", new("GET", "/java/url?a=1"), new("GET", "/java/url?a=2") },
        { "urlPattern (path and query, anchored)", """{"method": "GET", "urlPattern": "/java/p[0-9]+\\?x=.*"}""", new("GET", "/java/p12?x=y"), new("GET", "/java/p12") },
        { "urlPath (any query)", """{"method": "GET", "urlPath": "/java/path"}""", new("GET", "/java/path?any=1"), new("GET", "/java/path/more") },
        { "urlPathTemplate", """{"method": "GET", "urlPathTemplate": "/java/t/{id}"}""", new("GET", "/java/t/42"), new("GET", "/java/t/42/x") },
        { "url with an escape, read as WireMock.Net reads the request", """{"method": "GET", "url": "/java/enc?q=a%20b"}""", new("GET", "/java/enc?q=a%20b"), new("GET", "/java/enc?q=ab") },
        { "urlPattern with anchors of its own", """{"method": "GET", "urlPattern": "^/java/anch/[0-9]+$"}""", new("GET", "/java/anch/1"), new("GET", "/java/anch/x") },
        { "urlPathPattern (anchored)", """{"method": "GET", "urlPathPattern": "/java/pp/[a-z]+"}""", new("GET", "/java/pp/abc"), new("GET", "/java/pp/abc/d") },
        { "queryParameters equalTo", """{"method": "GET", "urlPath": "/java/q", "queryParameters": {"q": {"equalTo": "x"}}}""", new("GET", "/java/q?q=x"), new("GET", "/java/q?q=y") },
        { "queryParameters present (absent: false)", """{"method": "GET", "urlPath": "/java/qa", "queryParameters": {"q": {"absent": false}}}""", new("GET", "/java/qa?q=1"), new("GET", "/java/qa") },
        { "headers contains (literal)", """{"method": "GET", "urlPath": "/java/h", "headers": {"Accept": {"contains": "json"}}}""", new("GET", "/java/h", Header: ("Accept", "application/json")), new("GET", "/java/h", Header: ("Accept", "text/plain")) },
        { "headers equalTo caseInsensitive", """{"method": "GET", "urlPath": "/java/hc", "headers": {"X-Mode": {"equalTo": "fast", "caseInsensitive": true}}}""", new("GET", "/java/hc", Header: ("X-Mode", "FAST")), new("GET", "/java/hc", Header: ("X-Mode", "fastest")) },
        { "headers matches (anchored)", """{"method": "GET", "urlPath": "/java/hm", "headers": {"X-Id": {"matches": "[0-9]+"}}}""", new("GET", "/java/hm", Header: ("X-Id", "123")), new("GET", "/java/hm", Header: ("X-Id", "12a")) },
        { "headers doesNotMatch", """{"method": "GET", "urlPath": "/java/hn", "headers": {"X-Id": {"doesNotMatch": "[0-9]+"}}}""", new("GET", "/java/hn", Header: ("X-Id", "abc")), new("GET", "/java/hn", Header: ("X-Id", "42")) },
        { "headers doesNotContain", """{"method": "GET", "urlPath": "/java/hd", "headers": {"X-Tags": {"doesNotContain": "beta"}}}""", new("GET", "/java/hd", Header: ("X-Tags", "stable")), new("GET", "/java/hd", Header: ("X-Tags", "alpha,beta")) },
        { "headers absent", """{"method": "GET", "urlPath": "/java/ha", "headers": {"X-Debug": {"absent": true}}}""", new("GET", "/java/ha"), new("GET", "/java/ha", Header: ("X-Debug", "1")) },
        { "cookies equalTo", """{"method": "GET", "urlPath": "/java/c", "cookies": {"session": {"equalTo": "s1"}}}""", new("GET", "/java/c", Header: ("Cookie", "session=s1")), new("GET", "/java/c", Header: ("Cookie", "session=s2")) },
        { "cookies absent", """{"method": "GET", "urlPath": "/java/ca", "cookies": {"session": {"absent": true}}}""", new("GET", "/java/ca"), new("GET", "/java/ca", Header: ("Cookie", "session=s1")) },
        { "basicAuthCredentials", """{"method": "GET", "urlPath": "/java/basic", "basicAuthCredentials": {"username": "u", "password": "p"}}""", new("GET", "/java/basic", Header: ("Authorization", "Basic dTpw")), new("GET", "/java/basic", Header: ("Authorization", "Basic dTpx")) },
        { "bodyPatterns equalToJson (exact)", """{"method": "POST", "urlPath": "/java/bj", "bodyPatterns": [{"equalToJson": {"a": 1}}]}""", new("POST", "/java/bj", Body: """{"a": 1}"""), new("POST", "/java/bj", Body: """{"a": 1, "b": 2}""") },
        { "bodyPatterns equalToJson ignoreExtraElements", """{"method": "POST", "urlPath": "/java/bx", "bodyPatterns": [{"equalToJson": "{\"a\": 1}", "ignoreExtraElements": true}]}""", new("POST", "/java/bx", Body: """{"a": 1, "b": 2}"""), new("POST", "/java/bx", Body: """{"a": 2}""") },
        { "bodyPatterns matchesJsonPath", """{"method": "POST", "urlPath": "/java/jp", "bodyPatterns": [{"matchesJsonPath": "$.name"}]}""", new("POST", "/java/jp", Body: """{"name": "x"}"""), new("POST", "/java/jp", Body: """{"other": "x"}""") },
        { "bodyPatterns, every one must match", """{"method": "POST", "urlPath": "/java/all", "bodyPatterns": [{"contains": "alpha"}, {"contains": "beta"}]}""", new("POST", "/java/all", Body: "alpha beta"), new("POST", "/java/all", Body: "alpha only") },
    };

    [Theory]
    [MemberData(nameof(RequestFields))]
    public async Task A_Java_request_field_matches_as_Java_WireMock_matches_it(string field, string request, Req matched, Req other)
    {
        await (await PostAsync($$$"""{"request": {{{request}}}, "response": {"status": 299, "body": "stubbed"}}""")).ShouldBeAsync(201);

        using var yes = await SendAsync(matched);
        using var no = await SendAsync(other);

        ((int)yes.StatusCode).Should().Be(299, "{0}: {1} {2} matches", field, matched.Method, matched.Path);
        (await yes.Content.ReadAsStringAsync()).Should().Be("stubbed");
        ((int)no.StatusCode).Should().NotBe(299, "{0}: {1} {2} does not match", field, other.Method, other.Path);
        if (no.StatusCode == HttpStatusCode.NotFound)
        {
            (await no.ShouldBeAsync(404))["code"]!.GetValue<int>().Should().Be(ErrorCodes.RouteNotFound, "the mock answered, not a stub");
        }
    }

    [Fact]
    public async Task Java_response_status_headers_and_each_kind_of_body_are_answered()
    {
        await (await PostAsync("""
            {"mappings": [
              {"request": {"method": "GET", "urlPath": "/java/text"}, "response": {"status": 418, "headers": {"X-One": "1", "X-Two": ["a", "b"]}, "body": "teapot"}},
              {"request": {"method": "GET", "urlPath": "/java/json"}, "response": {"jsonBody": {"n": [1, 2]}}},
              {"request": {"method": "GET", "urlPath": "/java/bytes"}, "response": {"status": 200, "base64Body": "AAEC/w=="}}
            ]}
            """)).ShouldBeAsync(201);

        using var text = await _http.GetAsync("java/text");
        ((int)text.StatusCode).Should().Be(418);
        text.Headers.GetValues("X-One").Should().Equal("1");
        text.Headers.GetValues("X-Two").Should().Equal("a", "b");
        (await text.Content.ReadAsStringAsync()).Should().Be("teapot");
        using var json = await _http.GetAsync("java/json");
        json.StatusCode.Should().Be(HttpStatusCode.OK, "status defaults to 200 as in Java WireMock");
        JsonNode.DeepEquals(JsonNode.Parse(await json.Content.ReadAsStringAsync()), JsonNode.Parse("""{"n": [1, 2]}""")).Should().BeTrue();
        (await _http.GetByteArrayAsync("java/bytes")).Should().Equal(0, 1, 2, 255);
    }

    [Fact]
    public async Task Java_fixed_and_uniform_delays_are_waited()
    {
        await (await PostAsync("""
            [{"request": {"method": "GET", "urlPath": "/java/slow"}, "response": {"status": 204, "fixedDelayMilliseconds": 300}},
             {"request": {"method": "GET", "urlPath": "/java/uniform"}, "response": {"status": 204, "delayDistribution": {"type": "uniform", "lower": 200, "upper": 250}}}]
            """)).ShouldBeAsync(201);

        foreach (var (path, least) in new[] { ("java/slow", 300), ("java/uniform", 200) })
        {
            var clock = Stopwatch.StartNew();
            using var answer = await _http.GetAsync(path);
            answer.StatusCode.Should().Be(HttpStatusCode.NoContent);
            clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(least - 10, path);
        }
    }

    [Fact]
    public async Task A_Java_mapping_without_a_priority_has_Java_WireMock_s_5_so_a_priority_of_1_beats_it()
    {
        await (await PostAsync("""
            [{"request": {"method": "GET", "urlPathPattern": "/java/pri/.*"}, "response": {"status": 200, "body": "broad"}},
             {"priority": 1, "request": {"method": "GET", "urlPath": "/java/pri/special"}, "response": {"status": 200, "body": "special"}}]
            """)).ShouldBeAsync(201);

        (await _http.GetStringAsync("java/pri/special")).Should().Be("special");
        (await _http.GetStringAsync("java/pri/other")).Should().Be("broad");
        JsonNode.Parse(await _http.GetStringAsync("__admin/mappings"))!.AsArray().Select(m => m!["Priority"]!.GetValue<int>()).Should().BeEquivalentTo([5, 1]);
    }

    [Fact]
    public async Task A_mapping_as_Java_WireMock_exports_it_is_taken_and_its_metadata_kept()
    {
        await (await PostAsync("""{"id": "0b0c0d0e-0000-4000-8000-000000000001", "uuid": "0b0c0d0e-0000-4000-8000-000000000001", "persistent": true, "insertionIndex": 3, "metadata": {"team": "web"}, "request": {"method": "GET", "urlPath": "/java/exported"}, "response": {"status": 200, "body": "exported"}}""")).ShouldBeAsync(201);

        (await _http.GetStringAsync("java/exported")).Should().Be("exported");
        JsonNode.Parse(await _http.GetStringAsync("__admin/mappings/0b0c0d0e-0000-4000-8000-000000000001"))!["Data"]!["team"]!.GetValue<string>().Should().Be("web");
    }

    [Fact]
    public async Task A_Java_scenario_that_stays_in_Started_answers_there()
    {
        await (await PostAsync("""{"scenarioName": "still", "requiredScenarioState": "Started", "request": {"method": "GET", "urlPath": "/java/still"}, "response": {"status": 200, "body": "start"}}""")).ShouldBeAsync(201);

        (await _http.GetStringAsync("java/still")).Should().Be("start");
        (await _http.GetStringAsync("java/still")).Should().Be("start", "no new state: the scenario stays in Started");
    }

    [Fact]
    public async Task A_Java_EMPTY_RESPONSE_fault_answers_its_status_with_an_empty_body_as_WireMock_Net_does()
    {
        await (await PostAsync("""{"request": {"method": "GET", "urlPath": "/java/fault"}, "response": {"status": 200, "body": "never", "fault": "EMPTY_RESPONSE"}}""")).ShouldBeAsync(201);

        using var answer = await _http.GetAsync("java/fault");

        (await answer.Content.ReadAsStringAsync()).Should().BeEmpty("EMPTY_RESPONSE drops the body");
        (await _http.GetAsync("api/self")).StatusCode.Should().Be(HttpStatusCode.OK, "the mock stays healthy");
    }

    [Fact]
    public async Task A_Java_response_template_is_rendered_with_the_request()
    {
        await (await PostAsync("""{"request": {"method": "GET", "urlPathPattern": "/java/hello/[a-z]+"}, "response": {"status": 200, "body": "path {{request.path}}", "transformers": ["response-template"]}}""")).ShouldBeAsync(201);

        (await _http.GetStringAsync("java/hello/ana")).Should().Be("path /java/hello/ana");
    }

    [Fact]
    public async Task Java_priority_decides_between_two_matching_stubs()
    {
        await (await PostAsync("""
            [{"priority": 2, "request": {"method": "GET", "urlPath": "/java/prio"}, "response": {"status": 200, "body": "second"}},
             {"priority": 1, "request": {"method": "GET", "urlPathPattern": "/java/.*"}, "response": {"status": 200, "body": "first"}}]
            """)).ShouldBeAsync(201);

        (await _http.GetStringAsync("java/prio")).Should().Be("first");
    }

    [Fact]
    public async Task A_Java_scenario_starts_in_Started_stays_without_a_new_state_and_can_go_back_to_Started()
    {
        await (await PostAsync("""
            [{"scenarioName": "door", "requiredScenarioState": "Started", "newScenarioState": "open", "request": {"method": "POST", "urlPath": "/java/door"}, "response": {"status": 200, "body": "opened"}},
             {"scenarioName": "door", "requiredScenarioState": "open", "request": {"method": "GET", "urlPath": "/java/door"}, "response": {"status": 200, "body": "is open"}},
             {"scenarioName": "door", "requiredScenarioState": "open", "newScenarioState": "Started", "request": {"method": "DELETE", "urlPath": "/java/door"}, "response": {"status": 200, "body": "closed"}},
             {"scenarioName": "door", "requiredScenarioState": "Started", "request": {"method": "GET", "urlPath": "/java/door"}, "response": {"status": 200, "body": "is closed"}}]
            """)).ShouldBeAsync(201);

        var seen = new List<string>();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Get, HttpMethod.Get, HttpMethod.Delete, HttpMethod.Get })
        {
            using var answer = await _http.SendAsync(new HttpRequestMessage(method, "java/door"));
            seen.Add(await answer.Content.ReadAsStringAsync());
        }

        seen.Should().Equal("is closed", "opened", "is open", "is open", "closed", "is closed");
    }

    [Fact]
    public async Task Uuid_and_name_become_the_stub_s_id_and_title_and_get_shows_it_as_given_and_as_understood()
    {
        const string given = """{"uuid": "6a3c4ab3-0000-4000-8000-00000000abcd", "id": "6a3c4ab3-0000-4000-8000-00000000abcd", "name": "pinned account", "request": {"method": "GET", "urlPath": "/api/account"}, "response": {"status": 503}}""";
        await (await PostAsync(given)).ShouldBeAsync(201);

        var shown = JsonNode.Parse(await _http.GetStringAsync("__admin/mappings/6a3c4ab3-0000-4000-8000-00000000abcd"))!;

        shown["Guid"]!.GetValue<string>().Should().Be("6a3c4ab3-0000-4000-8000-00000000abcd");
        shown["Title"]!.GetValue<string>().Should().Be("pinned account");
        shown["Request"]!["Methods"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("GET");
        shown["Response"]!["StatusCode"]!.GetValue<int>().Should().Be(503);
        shown["Rostro"]!["Form"]!.GetValue<string>().Should().Be("Java WireMock");
        JsonNode.DeepEquals(shown["Rostro"]!["Given"], JsonNode.Parse(given)).Should().BeTrue("the mapping as it was posted");

        // What GET shows can be put back as it is (the echo of what was given is left out).
        (await _http.PutAsync("__admin/mappings/6a3c4ab3-0000-4000-8000-00000000abcd", Json(shown.ToJsonString()))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _http.GetAsync("api/account")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var again = JsonNode.Parse(await _http.GetStringAsync("__admin/mappings/6a3c4ab3-0000-4000-8000-00000000abcd"))!;
        again["Rostro"]!["Form"]!.GetValue<string>().Should().Be("WireMock.Net");
        again["Rostro"]!["Given"]!["Rostro"].Should().BeNull();
    }

    [Fact]
    public async Task The_journal_names_the_form_of_the_stub_that_answered()
    {
        await (await PostAsync("""{"request": {"method": "GET", "urlPath": "/java/journal"}, "response": {"status": 200}}""")).ShouldBeAsync(201);
        await (await PostAsync("""{"Request": {"Path": "/net/journal", "Methods": ["GET"]}, "Response": {"StatusCode": 200}}""")).ShouldBeAsync(201);

        await _http.GetAsync("java/journal");
        await _http.GetAsync("net/journal");

        var entries = (await (await _http.GetAsync("__admin/requests?limit=2")).ShouldBeAsync(200))["requests"]!.AsArray();
        entries.Select(e => e!["stub"]!["form"]!.GetValue<string>()).Should().BeEquivalentTo(["Java WireMock", "WireMock.Net"]);
    }

    // A property the form does not have, or a value the mock cannot honour: a 422 at its loc, its message naming the problem.
    [Theory]
    [InlineData("""{"Request": {"Path": "/x", "Methods": ["GET"]}, "Response": {"StatusCode": 200, "jsonBody": {}}}""", "body/Response/jsonBody", "did you mean BodyAsJson")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "BodyAsJson": {}}}""", "body/response/BodyAsJson", "did you mean jsonBody")]
    [InlineData("""{"request": {"method": "GET", "urlpath": "/x"}, "response": {"status": 200}}""", "body/request/urlpath", "did you mean urlPath")]
    [InlineData("""{"Request": {"Path": "/x", "Methdos": ["GET"]}, "Response": {"StatusCode": 200}}""", "body/Request/Methdos", "did you mean Methods")]
    [InlineData("""{"Request": {"Path": {"Matchers": [{"Name": "ExactMatcher", "Patern": "/x"}]}}, "Response": {"StatusCode": 200}}""", "body/Request/Path/Matchers/0/Patern", "did you mean Pattern")]
    [InlineData("""{"Request": {"Path": {"Matchers": [{"Name": "ExactMatcher", "PatternAsFile": "/etc/passwd"}]}}, "Response": {"StatusCode": 200}}""", "body/Request/Path/Matchers/0/PatternAsFile", "reads no file")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "bodyFileName": "a.json"}}""", "body/response/bodyFileName", "reads no file")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"proxyBaseUrl": "http://example.com"}}""", "body/response/proxyBaseUrl", "calls no one")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200}, "postServeActions": [{"name": "webhook"}]}""", "body/postServeActions", "calls no one")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "statusMessage": "Fine"}}""", "body/response/statusMessage", "reason phrase")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"fault": "CONNECTION_RESET_BY_PEER"}}""", "body/response/fault", "EMPTY_RESPONSE and MALFORMED_RESPONSE_CHUNK")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "transformers": ["my-transformer"]}}""", "body/response/transformers", "response-template")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "delayDistribution": {"type": "lognormal", "median": 80, "sigma": 0.4}}}""", "body/response/delayDistribution", "uniform")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x", "headers": {"Date": {"before": "now"}}}, "response": {"status": 200}}""", "body/request/headers/Date/before", "equalTo, contains")]
    [InlineData("""{"request": {"method": "POST", "urlPath": "/x", "bodyPatterns": [{"equalToXml": "<a/>"}]}, "response": {"status": 200}}""", "body/request/bodyPatterns/0/equalToXml", "equalTo, contains")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200}, "scenarioName": "s"}""", "body/requiredScenarioState", "state it answers in")]
    [InlineData("""{"request": {"method": "GET", "url": "/x", "urlPath": "/x"}, "response": {"status": 200}}""", "body/request/urlPath", "one of url")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x", "queryParameters": {"q": {"absent": true}}}, "response": {"status": 200}}""", "body/request/queryParameters/q/absent", "cannot require a query parameter to be absent")]
    [InlineData("""{"request": {"method": "GET", "urlPathTemplate": "/x/{id}", "pathParameters": {"id": {"equalTo": "1"}}}, "response": {"status": 200}}""", "body/request/pathParameters", "does not take Java WireMock's pathParameters")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "fixedDelayMilliseconds": 10, "delayDistribution": {"type": "uniform", "lower": 1, "upper": 2}}}""", "body/response/delayDistribution", "not both")]
    [InlineData("""{"uuid": "not-a-uuid", "request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200}}""", "body/uuid", "UUID")]
    [InlineData("""{"request": {"method": "GET", "urlPath": "/x", "headers": {"X": {"matches": "("}}}, "response": {"status": 200}}""", "body/request/headers/X/matches", "regular expression")]
    [InlineData("""{"mappings": [{"request": {"method": "GET", "urlPath": "/ok"}, "response": {"status": 200}}, {"request": {"method": "GET", "urlPath": "/x"}, "response": {"stauts": 200}}]}""", "body/mappings/1/response/stauts", "did you mean status")]
    public async Task A_mapping_the_mock_does_not_understand_is_a_422_at_its_loc_and_changes_nothing(string mapping, string loc, string says)
    {
        var refused = await (await PostAsync(mapping)).ShouldBeAsync(422);

        var detail = refused["detail"]!.AsArray().Should().ContainSingle(d => d!["loc"]!.AsArray().Select(l => l!.ToString()).Aggregate((a, b) => $"{a}/{b}") == loc).Subject!;
        detail["msg"]!.GetValue<string>().Should().Contain(says);
        await NothingChangedAsync();
    }

    // A mapping that would answer every request, and so hide the whole API.
    [Theory]
    [InlineData("""{"request": {}, "response": {"status": 200}}""")]
    [InlineData("""{"request": {"method": "ANY"}, "response": {"status": 200}}""")]
    [InlineData("""{"request": {"method": "GET", "urlPathPattern": ".*"}, "response": {"status": 200}}""")]
    [InlineData("""{"request": {"method": "DELETE", "urlPattern": "/.*"}, "response": {"status": 204}}""")]
    [InlineData("""{"Request": {}, "Response": {}}""")]
    [InlineData("""{"Request": {"Methods": ["DELETE"]}, "Response": {"StatusCode": 204}}""")]
    [InlineData("""{"Request": {"Path": {"Matchers": [{"Name": "WildcardMatcher", "Pattern": "*"}]}}, "Response": {"StatusCode": 200}}""")]
    [InlineData("""{"request": {"method": "GET", "headers": {"X-Debug": {"absent": true}}}, "response": {"status": 200}}""")]
    [InlineData("""{"request": {"method": "OPTIONS"}, "response": {"status": 204}}""")]
    public async Task A_mapping_that_matches_every_request_is_refused_and_changes_nothing(string mapping)
    {
        var refused = await (await PostAsync(mapping)).ShouldBeAsync(422);

        refused["detail"]![0]!["msg"]!.GetValue<string>().Should().Contain("matches every").And.Contain("matchesEverything");
        await NothingChangedAsync();
    }

    [Theory]
    [InlineData("""{"request": {"method": "GET", "urlPathPattern": ".*"}, "response": {"status": 299}, "metadata": {"rostro": {"matchesEverything": true}}}""")]
    [InlineData("""{"Request": {"Methods": ["GET"]}, "Response": {"StatusCode": 299}, "Data": {"rostro": {"matchesEverything": true}}}""")]
    public async Task A_mapping_that_says_it_means_to_match_everything_is_taken(string mapping)
    {
        await (await PostAsync(mapping)).ShouldBeAsync(201);

        ((int)(await _http.GetAsync("api/self")).StatusCode).Should().Be(299);
    }

    [Fact]
    public async Task A_mapping_that_matches_on_a_header_alone_is_taken_and_answers_only_requests_with_it()
    {
        await (await PostAsync("""{"request": {"method": "ANY", "headers": {"X-Chaos": {"equalTo": "on"}}}, "response": {"status": 500}}""")).ShouldBeAsync(201);

        using var chaos = new HttpRequestMessage(HttpMethod.Get, "api/self") { Headers = { { "X-Chaos", "on" } } };
        ((int)(await _http.SendAsync(chaos)).StatusCode).Should().Be(500);
        (await _http.GetAsync("api/self")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_folder_of_Java_WireMock_mapping_files_loads_at_start()
    {
        var folder = Directory.CreateTempSubdirectory("rostro-java-stubs-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "account.json"), """{"mappings": [{"request": {"method": "GET", "urlPath": "/api/account"}, "response": {"status": 200, "jsonBody": {"username": "FromFolder"}}}]}""");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "models.json"), """{"request": {"method": "GET", "url": "/v1/models"}, "response": {"status": 503}}""");
            await using var mock = await RostroMock.StartAsync(new MockServerOptions { StubMappingsDirectory = folder.FullName });
            using var http = new HttpClient { BaseAddress = mock.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "stub-forms");

            (await (await http.GetAsync("api/account")).ShouldBeAsync(200))["username"]!.GetValue<string>().Should().Be("FromFolder");
            (await http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_file_the_mock_does_not_understand_stops_the_start_with_its_name_and_problem()
    {
        var folder = Directory.CreateTempSubdirectory("rostro-java-stubs-");
        try
        {
            var file = Path.Combine(folder.FullName, "typo.json");
            await File.WriteAllTextAsync(file, """{"request": {"method": "GET", "urlPath": "/x"}, "response": {"status": 200, "jsonbody": {}}}""");

            var start = async () => await RostroMock.StartAsync(new MockServerOptions { StubMappingsDirectory = folder.FullName });

            (await start.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain(file).And.Contain("did you mean jsonBody");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Only_requests_a_stub_s_method_and_path_can_match_are_handed_to_WireMock_Net()
    {
        await (await PostAsync("""
            [{"request": {"method": "GET", "urlPath": "/stub/0"}, "response": {"status": 200}},
             {"request": {"method": "POST", "urlPathPattern": "/stub/re/[0-9]+"}, "response": {"status": 200}},
             {"request": {"method": "GET", "url": "/stub/q?x=1"}, "response": {"status": 200}}]
            """)).ShouldBeAsync(201);
        var before = _mock.Stubs.Handed;

        foreach (var (method, path) in new[] { ("GET", "v1/models"), ("GET", "api/self"), ("POST", "stub/0"), ("POST", "stub/re/x"), ("GET", "stub/q?x=2"), ("GET", "stub/0/more") })
        {
            await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        }

        _mock.Stubs.Handed.Should().Be(before, "no stub's method and path can match those");
        foreach (var (method, path) in new[] { ("GET", "stub/0"), ("POST", "stub/re/12"), ("GET", "stub/q?x=1"), ("GET", "stub/0?any=1") })
        {
            await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        }

        _mock.Stubs.Handed.Should().Be(before + 4);
    }

    [Fact]
    public async Task A_stub_with_no_path_is_handed_every_request_and_answers_only_those_it_matches()
    {
        await (await PostAsync("""{"request": {"method": "ANY", "headers": {"X-Chaos": {"equalTo": "on"}}}, "response": {"status": 500}}""")).ShouldBeAsync(201);
        var before = _mock.Stubs.Handed;

        (await _http.GetAsync("v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);

        _mock.Stubs.Handed.Should().Be(before + 1, "a header matcher is WireMock.Net's to decide");
    }

    public sealed record Req(string Method, string Path, (string Name, string Value)? Header = null, string? Body = null)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private async Task<HttpResponseMessage> SendAsync(Req request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.TrimStart('/'));
        if (request.Header is { } header)
        {
            message.Headers.Remove(header.Name);
            message.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        if (request.Body is { } body)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _http.SendAsync(message);
    }

    private async Task NothingChangedAsync()
    {
        (await _http.GetStringAsync("__admin/mappings")).Should().Be("[]");
        _mock.Stubs.Active.Should().BeFalse();
        (await _http.GetAsync("api/self")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> PostAsync(string mapping) => _http.PostAsync("__admin/mappings", Json(mapping));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
