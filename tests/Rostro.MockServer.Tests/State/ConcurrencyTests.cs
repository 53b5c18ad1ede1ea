using System.Net.Http.Headers;
using System.Text;

namespace Rostro.MockServer.Tests.State;

/// <summary>One world, many requests at once: every change lands, once.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_changes_to_one_world_all_land_and_the_first_requests_share_one_world()
    {
        await using var mock = await MockServer.StartAsync(new MockServerOptions { AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "shared");

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            http.PostAsync("api/account/blacklist", new StringContent($$"""{ "word": "w{{i}}" }""", Encoding.UTF8, "application/json"))));

        responses.Should().OnlyContain(r => (int)r.StatusCode == 200);
        mock.Worlds.Count.Should().Be(1);
        var account = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("api/account"))!;
        account["blacklist"]!.AsArray().Select(w => w!.GetValue<string>()).Should().BeEquivalentTo(Enumerable.Range(0, 200).Select(i => $"w{i}"));
        mock.Audit.Violations.Should().BeEmpty();
        mock.Health.UnhandledExceptions.Should().Be(0);
    }

    [Fact]
    public async Task Parallel_uploads_get_distinct_ids()
    {
        await using var mock = await MockServer.StartAsync();
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "shared");

        var bodies = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            var response = await http.PostAsync("api/core/characters", new StringContent("""{ "name": "Clone" }""", Encoding.UTF8, "application/json"));
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["pathname"]!.GetValue<string>();
        }));

        bodies.Should().OnlyHaveUniqueItems().And.HaveCount(50);
    }
}
