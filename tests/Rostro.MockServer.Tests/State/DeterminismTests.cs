using System.Net.Http.Headers;
using System.Text;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.Tests.State;

/// <summary>Same seed and same requests, same bodies: IDs come from a seeded generator per world, time from a logical clock.</summary>
public sealed class DeterminismTests
{
    private static readonly (string Method, string Path, string? Json)[] s_script =
    [
        ("POST", "api/gallery/upload", """{ "project_id": 172700, "image": "data:image/png;base64,iVBORw0KGgo=" }"""),
        ("POST", "api/core/characters", """{ "name": "Hero" }"""),
        ("POST", "imagine", """{ "prompt": "a castle" }"""),
        ("POST", "imagine/history", """{ "first": 3 }"""),
        ("GET", "api/gallery", null),
        ("GET", "search?search=dragon", null),
    ];

    private static async Task<List<string>> RunAsync(int seed, string token)
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { Settings = new MockSettings { Seed = seed } });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        var bodies = new List<string>();
        foreach (var (method, path, json) in s_script)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        return bodies;
    }

    [Fact]
    public async Task Same_seed_and_same_requests_give_the_same_bodies_even_for_another_credential()
    {
        var first = await RunAsync(7, "alpha");
        var second = await RunAsync(7, "beta");

        second.Should().Equal(first);
    }

    [Fact]
    public async Task Another_seed_gives_other_ids()
    {
        var first = await RunAsync(7, "alpha");
        var other = await RunAsync(8, "alpha");

        other[0].Should().NotBe(first[0]);
    }
}
