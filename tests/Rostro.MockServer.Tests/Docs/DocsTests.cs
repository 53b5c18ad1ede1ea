using System.Net;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Docs;

[Collection(MockServerCollection.Name)]
public sealed class DocsTests(MockServerFixture mock)
{
    [Fact]
    public async Task Openapi_yaml_serves_the_spec_with_the_mock_as_first_server()
    {
        var yaml = await mock.Http.GetStringAsync("openapi.yaml");

        var servers = yaml[yaml.IndexOf("\nservers:\n", StringComparison.Ordinal)..];
        servers.Split('\n')[2].Should().Be($"  - url: '{mock.Server.Url}'");
        yaml.Should().Contain("operationId: listModels");
    }

    [Fact]
    public async Task Docs_redirects_to_the_interactive_page_that_loads_the_spec()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = mock.Server.BaseAddress };

        var redirect = await noRedirect.GetAsync("docs");
        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        redirect.Headers.Location!.ToString().Should().Be("/docs/index.html");

        var page = await mock.Http.GetStringAsync("docs/index.html");
        page.Should().Contain("swagger-ui");
        var config = await mock.Http.GetStringAsync("docs/index.js");
        config.Should().Contain("/openapi.yaml");
    }
}
