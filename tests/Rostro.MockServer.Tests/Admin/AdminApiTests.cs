using System.Net;
using Microsoft.AspNetCore.Http;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.Admin;

[Collection(MockServerCollection.Name)]
public sealed class AdminApiTests(MockServerFixture mock)
{
    [Fact]
    public async Task Every_admin_route_and_method_answers_its_own_handler_and_an_unlisted_one_the_404_envelope()
    {
        await using var own = await RostroMock.StartAsync();
        using var http = new HttpClient { BaseAddress = own.BaseAddress };
        var stub = Guid.NewGuid();
        var mapping = $$$"""{"uuid": "{{{stub}}}", "request": {"method": "GET", "urlPath": "/swept"}, "response": {"status": 204}}""";
        AdminEndpoints.Routes.Should().NotBeEmpty();

        // Each route and method once: what adds or changes first (a PUT puts the stub under its id), then reads, then deletes,
        // the longer routes first (one stub before all of them).
        var calls = AdminEndpoints.Routes.SelectMany(r => r.Value.Select(m => (Route: r.Key, Method: m)))
            .OrderBy(c => c.Method switch { "PUT" or "POST" => 0, "GET" => 1, _ => 2 })
            .ThenByDescending(c => c.Route.Length)
            .ToList();
        calls.Should().Contain(("/worlds", "GET"));
        foreach (var (route, method) in calls)
        {
            var path = "__admin" + route.Replace("{id}", stub.ToString(), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "PUT" || (method is "POST" && route == "/mappings"))
            {
                request.Content = new StringContent(route == "/settings" ? "{}" : mapping);
            }

            using var response = await http.SendAsync(request);
            ((int)response.StatusCode).Should().BeInRange(200, 299, "{0} {1} has a handler: {2}", method, path, await response.Content.ReadAsStringAsync());
        }

        var unlisted = await (await http.GetAsync("__admin/no-such-route")).ShouldBeAsync(404);
        unlisted["code"]!.GetValue<int>().Should().Be(ErrorCodes.RouteNotFound);
        (await (await http.GetAsync("__admin/worlds")).ShouldBeAsync(200))["worlds"].Should().NotBeNull();
    }

    [Fact]
    public async Task Journal_lists_requests_newest_first()
    {
        await using var own = await RostroMock.StartAsync();
        using var http = new HttpClient { BaseAddress = own.BaseAddress };
        http.DefaultRequestHeaders.Add("CH-API-KEY", "k");
        foreach (var path in new[] { "api/self", "api/account", "v1/models" })
        {
            await http.GetAsync(path);
        }

        var page = await (await http.GetAsync("__admin/requests?limit=3")).JsonAsync();

        page["requests"]!.AsArray().Select(r => r!["path"]!.GetValue<string>()).Should().Equal("/v1/models", "/api/account", "/api/self");
    }

    [Fact]
    public async Task Journal_redacts_credentials_and_cookies()
    {
        var token = mock.NewToken();
        var id = Guid.NewGuid().ToString("N");
        await mock.GetAsync("/api/self", configure: r =>
        {
            r.Headers.Add("CH-API-KEY", token);
            r.Headers.Add("Cookie", "session=secret");
            r.Headers.Add("X-Test-Id", id);
        });

        var entry = mock.Server.Journal.Snapshot(1000).Single(e => e.Headers.GetValueOrDefault("X-Test-Id") == id);

        entry.Headers["CH-API-KEY"].Should().Be(RequestJournal.Redacted);
        entry.Headers["Cookie"].Should().Be(RequestJournal.Redacted);
        entry.OperationId.Should().Be("getSelf");
        (await mock.Http.GetStringAsync("__admin/requests")).Should().NotContain(token).And.NotContain("session=secret");
    }

    [Theory]
    [InlineData("X-Api-Key")]
    [InlineData("Api-Key")]
    [InlineData("X-Auth-Token")]
    [InlineData("X-Session-Id")]
    [InlineData("X-Client-Secret")]
    [InlineData("X-Password")]
    [InlineData("Proxy-Authorization")]
    [InlineData("samwise")]
    [InlineData("Authorization")]
    public async Task Journal_redacts_every_header_whose_name_says_it_is_a_secret(string header)
    {
        var secret = "s-" + Guid.NewGuid().ToString("N");
        var id = Guid.NewGuid().ToString("N");
        await mock.GetAsync("/v1/models", mock.NewToken(), r =>
        {
            r.Headers.Remove(header);
            r.Headers.TryAddWithoutValidation(header, header == "Authorization" ? $"Bearer {secret}" : secret);
            r.Headers.Add("X-Test-Id", id);
        });

        var entry = mock.Server.Journal.Snapshot(1000).Single(e => e.Headers.GetValueOrDefault("X-Test-Id") == id);

        entry.Headers[header].Should().Be(RequestJournal.Redacted);
        entry.Headers.Values.Should().NotContain(v => v.Contains(secret, StringComparison.Ordinal));
        entry.Headers["X-Test-Id"].Should().Be(id, "headers that name no secret are kept");
    }

    [Fact]
    public async Task Journal_redacts_every_query_parameter_whose_name_says_it_is_a_secret_and_keeps_the_rest()
    {
        var id = Guid.NewGuid().ToString("N");
        var secrets = new[] { "api_key", "token", "access_token", "password", "key", "client_secret", "session", "auth", "Cookie", "apiKey" };
        var query = string.Join('&', secrets.Select((name, i) => $"{name}=S{i}x{id}")) + "&page=2&search=dragon%20tales";

        await mock.GetAsync($"/api/gallery?{query}", mock.NewToken(), r => r.Headers.Add("X-Test-Id", id));

        var entry = mock.Server.Journal.Snapshot(1000).Single(e => e.Headers.GetValueOrDefault("X-Test-Id") == id);
        entry.Query.Should().NotContain($"x{id}");
        foreach (var name in secrets)
        {
            entry.Query.Should().Contain($"{name}={RequestJournal.Redacted}");
        }

        entry.Query.Should().Contain("page=2").And.Contain("search=dragon%20tales");
    }

    [Fact]
    public void World_ids_are_keyed_per_process_not_a_bare_hash_of_the_credential()
    {
        // A bare SHA-256 prefix lets anyone who reads the journal confirm a guessed weak token ("my-token") offline.
        var bare = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("my-token")))[..16];

        var id = Rostro.MockServer.State.WorldStore.IdOf("my-token");

        id.Should().NotBe(bare);
        id.Should().Be(Rostro.MockServer.State.WorldStore.IdOf("my-token"), "one credential keeps one id for the life of the process");
        id.Should().NotBe(Rostro.MockServer.State.WorldStore.IdOf("my-token2"));
        id.Should().MatchRegex("^[0-9a-f]{16}$");
    }

    [Fact]
    public async Task Journal_is_a_bounded_ring_buffer()
    {
        await using var small = await RostroMock.StartAsync(new MockServerOptions { JournalCapacity = 3 });
        using var http = new HttpClient { BaseAddress = small.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            await http.GetAsync($"nowhere/{i}");
        }

        var page = await (await http.GetAsync("__admin/requests")).JsonAsync();

        page["requests"]!.AsArray().Select(r => r!["path"]!.GetValue<string>()).Should().Equal("/nowhere/4", "/nowhere/3", "/nowhere/2");
        page["total"]!.GetValue<long>().Should().Be(5);
    }

    [Fact]
    public async Task Reset_of_one_world_restores_its_fixtures_and_leaves_others_alone()
    {
        var first = mock.NewToken();
        var second = mock.NewToken();
        await (await mock.PostAsync("/api/account/blacklist", first, """{ "word": "a" }""")).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/account/blacklist", second, """{ "word": "b" }""")).ShouldBeAsync(200);

        var reset = await mock.Http.PostAsync($"__admin/reset?world={Rostro.MockServer.State.WorldStore.IdOf(first)}", null);

        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await mock.GetAsync("/api/account", first)).ShouldBeAsync(200))["blacklist"]!.AsArray().Should().BeEmpty();
        (await (await mock.GetAsync("/api/account", second)).ShouldBeAsync(200))["blacklist"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Reset_of_an_unknown_world_returns_404()
    {
        (await mock.Http.PostAsync("__admin/reset?world=0000000000000000", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reset_of_everything_restores_every_world()
    {
        await using var own = await RostroMock.StartAsync();
        using var http = new HttpClient { BaseAddress = own.BaseAddress };
        http.DefaultRequestHeaders.Add("CH-API-KEY", "k");
        await http.PostAsync("api/account/sort/newest", null);

        (await http.PostAsync("__admin/reset", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await (await http.GetAsync("api/account")).JsonAsync())["default_sort"].Should().BeNull();
        own.Journal.Total.Should().Be(1, "reset clears the journal; only the GET after it is left");
    }

    [Fact]
    public async Task Undeclared_admin_method_returns_405_with_allow()
    {
        var response = await mock.Http.DeleteAsync("__admin/settings");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().BeEquivalentTo(["GET", "PUT"]);
    }

    [Fact]
    public void Admin_refuses_a_non_loopback_caller_without_a_token()
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        AdminAccess.Check(http, adminToken: null)!.Value.Status.Should().Be(403);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Admin_accepts_a_loopback_caller_without_a_token(string address)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        http.Request.Host = new HostString("127.0.0.1", 4010);

        AdminAccess.Check(http, adminToken: null).Should().BeNull();
    }

    [Fact]
    public async Task Admin_refuses_a_web_page_of_another_origin_even_on_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "__admin/reset");
        request.Headers.Add("Origin", "http://evil.example");

        var response = await mock.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("evil.example:4010", "http://evil.example:4010")]
    [InlineData("evil.example:4010", null)]
    [InlineData("rebind.127.0.0.1.nip.io:4010", null)]
    [InlineData("10.0.0.5:4010", null)]
    public void Admin_without_a_token_refuses_a_request_that_names_a_host_other_than_loopback(string host, string? origin)
    {
        // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends Host and Origin of its own choosing.
        var http = Loopback(host);
        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        var refusal = AdminAccess.Check(http, adminToken: null);

        refusal.Should().NotBeNull();
        refusal!.Value.Status.Should().Be(403);
    }

    [Theory]
    [InlineData("localhost:4010", null)]
    [InlineData("127.0.0.1:4010", null)]
    [InlineData("127.1.2.3:4010", null)]
    [InlineData("[::1]:4010", null)]
    [InlineData("localhost", null)]
    [InlineData("127.0.0.1:4010", "http://127.0.0.1:4010")]
    [InlineData("127.0.0.1:4010", "http://localhost:4010")]
    [InlineData("localhost:4010", "http://127.0.0.1:4010")]
    [InlineData("LOCALHOST:4010", "http://localhost:4010")]
    [InlineData("127.0.0.1", "http://localhost:80")]
    public void Admin_without_a_token_accepts_loopback_hosts_and_their_own_origin(string host, string? origin)
    {
        var http = Loopback(host);
        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        AdminAccess.Check(http, adminToken: null).Should().BeNull();
    }

    [Theory]
    [InlineData("http://127.0.0.1:3000")]
    [InlineData("https://127.0.0.1:4010")]
    [InlineData("http://localhost")]
    [InlineData("null")]
    [InlineData("http://evil.example:4010")]
    [InlineData("not a url")]
    public void Admin_without_a_token_refuses_an_origin_that_differs_in_scheme_host_or_port(string origin)
    {
        var http = Loopback("127.0.0.1:4010");
        http.Request.Headers.Origin = origin;

        var refusal = AdminAccess.Check(http, adminToken: null);

        refusal.Should().NotBeNull();
        refusal!.Value.Status.Should().Be(403);
    }

    [Fact]
    public async Task Admin_refuses_a_dns_rebinding_request_over_the_wire_and_changes_nothing()
    {
        var port = mock.Server.BaseAddress.Port;
        var before = mock.Server.Settings.Current;
        using var request = new HttpRequestMessage(HttpMethod.Put, "__admin/settings") { Content = new StringContent("""{ "delayMs": 5000 }""") };
        request.Headers.Host = $"evil.example:{port}";
        request.Headers.Add("Origin", $"http://evil.example:{port}");

        var response = await mock.Http.SendAsync(request);

        (await response.ShouldBeAsync(403))["code"]!.GetValue<int>().Should().Be(ErrorCodes.AdminRefused);
        mock.Server.Settings.Current.Should().BeSameAs(before);
    }

    private static DefaultHttpContext Loopback(string host)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString(host);
        return http;
    }

    [Fact]
    public async Task Admin_refuses_an_oversized_settings_body_with_413()
    {
        var response = await mock.Http.PutAsync("__admin/settings", new StringContent(new string(' ', 100_000) + "{}", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public void Admin_with_a_token_accepts_a_non_loopback_caller_that_presents_it()
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        http.Request.Headers[AdminAccess.TokenHeader] = "s3cret";

        AdminAccess.Check(http, "s3cret").Should().BeNull();
    }

    [Fact]
    public async Task Admin_with_a_token_refuses_even_loopback_callers_without_it()
    {
        await using var guarded = await RostroMock.StartAsync(new MockServerOptions { AdminToken = "s3cret" });
        using var http = new HttpClient { BaseAddress = guarded.BaseAddress };

        (await http.GetAsync("__admin/settings")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        http.DefaultRequestHeaders.Add(AdminAccess.TokenHeader, "s3cret");
        (await http.GetAsync("__admin/settings")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
