using System.Net;
using Microsoft.AspNetCore.Http;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Admin;

[Collection(MockServerCollection.Name)]
public sealed class AdminApiTests(MockServerFixture mock)
{
    [Fact]
    public async Task Journal_lists_requests_newest_first_with_credentials_redacted()
    {
        var token = mock.NewToken();
        await mock.GetAsync("/api/self", configure: r =>
        {
            r.Headers.Add("CH-API-KEY", token);
            r.Headers.Add("Cookie", "session=secret");
        });

        var journal = await mock.Http.GetStringAsync("__admin/requests?limit=1");

        journal.Should().Contain("/api/self").And.Contain(RequestJournal.Redacted).And.Contain("getSelf");
        journal.Should().NotContain(token).And.NotContain("session=secret");
    }

    [Fact]
    public async Task Journal_is_a_bounded_ring_buffer()
    {
        await using var small = await MockServer.StartAsync(new MockServerOptions { JournalCapacity = 3 });
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
        await using var own = await MockServer.StartAsync();
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
        await using var guarded = await MockServer.StartAsync(new MockServerOptions { AdminToken = "s3cret" });
        using var http = new HttpClient { BaseAddress = guarded.BaseAddress };

        (await http.GetAsync("__admin/settings")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        http.DefaultRequestHeaders.Add(AdminAccess.TokenHeader, "s3cret");
        (await http.GetAsync("__admin/settings")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
