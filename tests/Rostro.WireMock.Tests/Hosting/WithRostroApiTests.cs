using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Rostro.Spec;
using Rostro.WireMock.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Rostro.WireMock.Tests.Hosting;

/// <summary>The in-process extension: WireMock.Net's fluent API on top of the generated stubs.</summary>
public sealed class WithRostroApiTests
{
    [Fact]
    public async Task A_fluent_stub_added_after_WithRostroApi_wins_for_what_it_matches_and_the_rest_keeps_the_spec()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var models = spec.Find("GET", "/v1/models")!.Responses["200"]["application/json"].Examples.Values.First();
        using var server = Loopback.Start().WithRostroApi();
        server.Given(Request.Create().WithPath("/api/account").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(418).WithBody("""{"pinned":true}"""));
        using var http = new HttpClient { BaseAddress = new Uri(server.Url!) };

        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/account") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "t") } };
        using var pinned = await http.SendAsync(withToken);
        ((int)pinned.StatusCode).Should().Be(418);
        (await pinned.Content.ReadAsStringAsync()).Should().Be("""{"pinned":true}""");

        // It matches without credentials too, so it outranks the generated 401 as well.
        using var anonymous = await http.GetAsync("/api/account");
        ((int)anonymous.StatusCode).Should().Be(418);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "t") } };
        using var untouched = await http.SendAsync(other);
        untouched.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.DeepEquals(JsonNode.Parse(await untouched.Content.ReadAsStringAsync()), models).Should().BeTrue();
    }

    [Fact]
    public async Task A_fluent_stub_at_a_priority_above_the_generated_ones_still_wins()
    {
        using var server = Loopback.Start().WithRostroApi();
        server.Given(Request.Create().WithPath("/v1/models").UsingGet()).AtPriority(RostroStubs.LowestUserPriority)
            .RespondWith(Response.Create().WithStatusCode(503));
        using var http = new HttpClient { BaseAddress = new Uri(server.Url!) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "t") } };
        using var answer = await http.SendAsync(request);
        answer.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task WithRostroApi_of_another_spec_serves_that_specs_operations_only()
    {
        var spec = await RostroSpec.LoadAsync("""
            openapi: 3.0.3
            info: { title: t, version: '1' }
            paths:
              /hello:
                get:
                  operationId: getHello
                  security: []
                  responses:
                    '200': { description: ok, content: { application/json: { example: { hi: there } } } }
            """);
        using var server = Loopback.Start().WithRostroApi(spec);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url!) };
        (await http.GetStringAsync("/hello")).Should().Be("""{"hi":"there"}""");
        (await http.GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.NotFound, "WireMock's own answer when no stub matches");
    }
}
