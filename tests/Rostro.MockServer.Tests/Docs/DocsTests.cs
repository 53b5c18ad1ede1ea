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

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task The_mock_is_the_first_server_whatever_the_line_endings_of_the_spec(string newline)
    {
        var spec = await Rostro.Spec.RostroSpec.LoadEmbeddedAsync();
        var yaml = spec.Yaml.ReplaceLineEndings(newline);

        var served = Rostro.MockServer.Docs.SpecDocument.WithServer(yaml, "http://127.0.0.1:4010");

        var servers = (await Rostro.Spec.RostroSpec.LoadAsync(served)).Document.Servers!;
        servers[0].Url.Should().Be("http://127.0.0.1:4010");
        servers[0].Description.Should().Contain("Its MCP server is http://127.0.0.1:4010/mcp", "/docs shows where the mock's MCP server is");
        servers.Should().HaveCount(4, "the spec's three servers follow the mock");
        served.Replace(newline, string.Empty, StringComparison.Ordinal).Should().NotContain(newline == "\n" ? "\r" : "\n", "one line ending throughout");
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
