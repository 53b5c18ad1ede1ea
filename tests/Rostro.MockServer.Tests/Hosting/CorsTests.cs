using System.Net;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Hosting;

/// <summary>A front end served from another origin (a dev server on :3000) can call the API from the browser; no web page can reach the admin API unless an admin token is configured.</summary>
[Collection(MockServerCollection.Name)]
public sealed class CorsTests(MockServerFixture mock)
{
    private static HttpRequestMessage Preflight(string path, string origin, string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, prefer");
        return request;
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("https://app.example")]
    [InlineData("null")]
    public async Task Api_preflight_grants_any_origin_with_a_wildcard_and_without_credentials(string origin)
    {
        using var request = Preflight("api/account/blacklist", origin);

        var response = await mock.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        response.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse("credentials travel in headers, so no cookie or HTTP-auth grant is needed, and '*' never grants one");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("prefer");
    }

    [Fact]
    public async Task Api_answers_to_a_browser_carry_the_wildcard_allow_origin_header()
    {
        var response = await mock.GetAsync("/v1/models", mock.NewToken(), r => r.Headers.Add("Origin", "http://localhost:3000"));

        await response.ShouldBeAsync(200);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        response.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse();
    }

    [Theory]
    [InlineData("__admin/reset", "POST")]
    [InlineData("__admin/settings", "PUT")]
    [InlineData("__admin/requests", "GET")]
    public async Task Admin_preflight_without_an_admin_token_gets_no_cors_grant(string path, string method)
    {
        using var request = Preflight(path, "http://localhost:3000", method);

        var response = await mock.Http.SendAsync(request);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        ((int)response.StatusCode).Should().Be(403);
    }

    [Fact]
    public async Task Admin_preflight_with_an_admin_token_configured_is_granted()
    {
        await using var guarded = await RostroMock.StartAsync(new MockServerOptions { AdminToken = "s3cret" });
        using var http = new HttpClient { BaseAddress = guarded.BaseAddress };
        using var request = Preflight("__admin/settings", "http://localhost:3000", "PUT");

        var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
    }

    [Fact]
    public async Task Named_allowed_origins_are_granted_with_credentials_and_others_get_no_grant()
    {
        await using var named = await RostroMock.StartAsync(new MockServerOptions { CorsOrigins = ["http://localhost:3000"] });
        using var http = new HttpClient { BaseAddress = named.BaseAddress };

        using var allowed = Preflight("api/account/blacklist", "http://localhost:3000");
        var granted = await http.SendAsync(allowed);
        granted.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://localhost:3000");
        granted.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");

        using var other = Preflight("api/account/blacklist", "http://localhost:3001");
        var refused = await http.SendAsync(other);
        refused.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }
}
