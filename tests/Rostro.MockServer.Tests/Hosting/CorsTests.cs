using System.Net;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Hosting;

/// <summary>A front end served from another origin (a dev server on :3000) can call the mock from the browser.</summary>
[Collection(MockServerCollection.Name)]
public sealed class CorsTests(MockServerFixture mock)
{
    [Fact]
    public async Task Preflight_is_answered_for_any_origin_method_and_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "api/account/blacklist");
        request.Headers.Add("Origin", "http://localhost:3000");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, prefer");

        var response = await mock.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://localhost:3000");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("prefer");
    }

    [Fact]
    public async Task Answers_to_a_browser_carry_the_allow_origin_header()
    {
        var response = await mock.GetAsync("/v1/models", mock.NewToken(), r => r.Headers.Add("Origin", "http://localhost:3000"));

        await response.ShouldBeAsync(200);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://localhost:3000");
    }
}
