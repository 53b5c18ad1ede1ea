using System.Net.Http.Headers;
using System.Text;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

/// <summary>Many requests at once, on one world or many: every answered change lands, once, and stays (eviction and reset included).</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_changes_to_one_world_all_land_and_the_first_requests_share_one_world()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { AuditResponses = true });
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
    public async Task Parallel_uploads_get_distinct_ids_and_all_land()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "shared");

        var uuids = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var response = await http.PostAsync("api/gallery/upload", new StringContent($$"""{ "project_id": 172700, "image": "https://example.com/{{i}}.png" }""", Encoding.UTF8, "application/json"));
            return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["uuid"]!.GetValue<string>();
        }));

        uuids.Should().OnlyHaveUniqueItems().And.HaveCount(50);
        var gallery = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("api/gallery?limit=100"))!;
        gallery["nodes"]!.AsArray().Select(n => n!["uuid"]!.GetValue<string>()).Should().Contain(uuids);
        mock.Audit.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Many_credentials_at_once_lose_no_answered_write_to_a_wrongful_eviction()
    {
        // The store is full of older worlds, and eight writers add new credentials at once, each writing, then reading back.
        // The least recently used world is always an older one: a writer's own could only be chosen after a thousand uses
        // by the others between its write and its read. So a write that its credential cannot read back was lost to an
        // eviction that took the wrong world (as one just created, before its last use was stamped).
        const int maxWorlds = 1024;
        const int Writers = 8;
        var store = new WorldStore(new MockSettingsStore(new MockSettings()), new WorldLimits(), maxWorlds);
        for (var i = 0; i < maxWorlds - Writers; i++)
        {
            store.For($"cold-{i}");
        }

        var lost = new List<string>();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(client => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var credential = $"c{client}-{i}";
                Decide(store, credential, w =>
                {
                    w.Blacklist.Add("mine");
                    return true;
                });
                if (!Decide(store, credential, w => w.Blacklist.Contains("mine")))
                {
                    lock (lost)
                    {
                        lost.Add(credential);
                    }
                }
            }
        })));

        lost.Should().BeEmpty();
        store.Count.Should().Be(maxWorlds);
    }

    [Fact]
    public async Task A_write_in_flight_across_a_reset_lands_in_the_world_after_the_reset()
    {
        await using var mock = await RostroMock.StartAsync();
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };

        // The request is routed and its world resolved when its headers arrive; its body (and so its write) comes after the reset.
        await using var raw = await InFlightWriteAsync(mock, "inflight");
        (await http.PostAsync("__admin/reset", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        await raw.SendAsync(s_word);

        (await raw.ReadResponseAsync()).Status.Should().Be(200);
        (await BlacklistAsync(http, "inflight")).Should().Equal("survivor");
    }

    [Fact]
    public async Task A_write_in_flight_when_its_world_is_evicted_lands_in_the_credentials_new_world()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxWorlds = 1 });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };

        await using var raw = await InFlightWriteAsync(mock, "first");
        await BlacklistAsync(http, "second");
        mock.Worlds.Ids.Should().Equal(new[] { WorldStore.IdOf("second") }, "the second credential's world took the only place");
        await raw.SendAsync(s_word);

        (await raw.ReadResponseAsync()).Status.Should().Be(200);
        (await BlacklistAsync(http, "first")).Should().Equal("survivor");
    }

    [Fact]
    public async Task Evicting_a_deleted_account_does_not_bring_it_back_until_a_reset()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxWorlds = 1 });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };

        (await Send(http, HttpMethod.Delete, "api/account", "gone")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await Send(http, HttpMethod.Get, "api/self", "other")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        mock.Worlds.Ids.Should().NotContain(WorldStore.IdOf("gone"), "the deleted account's world was evicted");

        (await Send(http, HttpMethod.Get, "api/self", "gone")).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
        (await http.PostAsync($"__admin/reset?world={WorldStore.IdOf("gone")}", null)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await Send(http, HttpMethod.Get, "api/self", "gone")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    private static readonly string s_word = """{"word":"survivor"}""";

    // As the handlers do (WorldHandler.DecideAsync): decide in one change, on the credential's current world if this one was retired.
    private static T Decide<T>(WorldStore store, string credential, Func<World, T> decide)
    {
        var world = store.For(credential);
        while (true)
        {
            var outcome = world.Change(decide);
            if (!outcome.Retired)
            {
                return outcome.Result!;
            }

            world = store.Current(world);
        }
    }

    private static async Task<RawHttp> InFlightWriteAsync(RostroMock mock, string token)
    {
        var raw = await RawHttp.ConnectAsync(mock.BaseAddress);
        await raw.SendAsync($"POST /api/account/blacklist HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {s_word.Length}\r\n\r\n");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!mock.Worlds.Ids.Contains(WorldStore.IdOf(token)))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the request's world is created when its headers are routed");
            await Task.Delay(10);
        }

        return raw;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    private static async Task<string[]> BlacklistAsync(HttpClient http, string token)
    {
        var account = System.Text.Json.Nodes.JsonNode.Parse(await (await Send(http, HttpMethod.Get, "api/account", token)).Content.ReadAsStringAsync())!;
        return account["blacklist"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray();
    }
}
