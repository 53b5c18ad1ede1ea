using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rostro.MockServer.State;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.State;

/// <summary>The mock is bounded in memory: a cap on worlds (least recently used forgotten) and on every collection of a world.</summary>
public sealed class BoundsTests
{
    private static HttpRequestMessage Post(string path, string token, string json) => new(HttpMethod.Post, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task World_count_never_exceeds_the_cap_and_the_least_recently_used_is_forgotten()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxWorlds = 3 });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };

        foreach (var token in new[] { "w1", "w2", "w3", "w1", "w4", "w5" })
        {
            using var response = await http.SendAsync(Post("api/account/blacklist", token, $$"""{ "word": "{{token}}" }"""));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            mock.Worlds.Count.Should().BeLessThanOrEqualTo(3);
        }

        // w1 was used after w2 and w3, so those two went first.
        mock.Worlds.Ids.Should().BeEquivalentTo(new[] { "w1", "w4", "w5" }.Select(WorldStore.IdOf));
    }

    [Fact]
    public async Task Full_collection_answers_403_and_adds_nothing()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxItemsPerCollection = 3, AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        for (var i = 0; i < 3; i++)
        {
            (await http.SendAsync(Post("api/account/blacklist", "t", $$"""{ "word": "w{{i}}" }"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var refused = await http.SendAsync(Post("api/account/blacklist", "t", """{ "word": "one too many" }"""));

        (await refused.ShouldBeAsync(403))["code"]!.GetValue<int>().Should().Be(ErrorCodes.CollectionFull);
        using var account = new HttpRequestMessage(HttpMethod.Get, "api/account") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "t") } };
        (await (await http.SendAsync(account)).JsonAsync())["blacklist"]!.AsArray().Should().HaveCount(3);
        mock.Audit.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Multipart_body_over_its_limit_answers_413_and_adds_nothing()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { Settings = new Rostro.MockServer.Settings.MockSettings { MaxMultipartBodyBytes = 10_000 } });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[20_000]), "file", "big.bin" } };

        var refused = await http.PostAsync("engine/api/assets", form);

        (await refused.ShouldBeAsync(413))["code"]!.GetValue<int>().Should().Be(ErrorCodes.BodyTooLarge);
        (await (await http.GetAsync("engine/api/assets")).JsonAsync())["count"]!.GetValue<int>().Should().Be(MockServerFixture.FreshWorld.Assets.Count, "only the fixtures' assets");
    }

    // What a fresh world's fixtures already hold, so a test's budget is "that much more".
    private static long FixtureBytes => MockServerFixture.FreshWorld.StoredBytes;

    [Fact]
    public async Task Stored_text_has_a_budget_per_world_and_deleting_frees_it()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxStoredBytesPerWorld = FixtureBytes + 1000, AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        var body = $"{{ \"value\": {{ \"v\": \"{new string('x', 400)}\" }} }}";

        (await http.SendAsync(Post("config/a/b", "t", body))).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await http.SendAsync(Post("config/c/d", "t", body));
        (await refused.ShouldBeAsync(403))["code"]!.GetValue<int>().Should().Be(ErrorCodes.CollectionFull);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "config/a/b") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "t") } };
        (await http.SendAsync(delete)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.SendAsync(Post("config/c/d", "t", body))).StatusCode.Should().Be(HttpStatusCode.OK);
        mock.Audit.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Scene_tips_are_bounded_in_number_per_scene()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxItemsPerCollection = 5, AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((int)(await http.SendAsync(Post($"engine/api/editor/scene/scene-123/tips/tip-{i}", "t", "{}"))).StatusCode);
        }

        statuses.Should().Equal(200, 200, 200, 200, 200, 403, 403, 403);
        mock.Worlds.For("t").Scenes["scene-123"].TipsSeen.Should().HaveCount(5);
        mock.Audit.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Scene_tips_count_toward_the_stored_text_budget_and_a_refused_tip_takes_its_new_scene_back()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxStoredBytesPerWorld = FixtureBytes + 20_000, AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        var tip = new string('t', 6000);

        (await http.SendAsync(Post($"engine/api/editor/scene/first/tips/{tip}", "t", "{}"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var refused = await http.SendAsync(Post($"engine/api/editor/scene/second/tips/{tip}", "t", "{}"));

        (await refused.ShouldBeAsync(403))["code"]!.GetValue<int>().Should().Be(ErrorCodes.CollectionFull);
        var world = mock.Worlds.For("t");
        world.Scenes.ContainsKey("second").Should().BeFalse("the scene was created for the refused tip, and the refusal undid the whole change");
        world.StoredBytes.Should().BeLessThanOrEqualTo(world.Limits.MaxStoredBytes);
    }

    [Fact]
    public async Task Asset_metadata_counts_toward_the_stored_text_budget()
    {
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxStoredBytesPerWorld = FixtureBytes + 10_000, AuditResponses = true });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");

        using var big = new MultipartFormDataContent { { new StringContent("x"), "file" }, { new StringContent(new string('m', 20_000)), "metadata" } };
        var refused = await http.PostAsync("engine/api/assets", big);
        using var small = new MultipartFormDataContent { { new StringContent("x"), "file" }, { new StringContent("{\"k\":1}"), "metadata" } };
        var accepted = await http.PostAsync("engine/api/assets", small);

        (await refused.ShouldBeAsync(403))["code"]!.GetValue<int>().Should().Be(ErrorCodes.CollectionFull);
        await accepted.ShouldBeAsync(200);
        (await (await http.GetAsync("engine/api/assets")).JsonAsync())["count"]!.GetValue<int>().Should().Be(MockServerFixture.FreshWorld.Assets.Count + 1, "the fixtures' assets and the small one");
        mock.Audit.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Full_gallery_answers_403_on_upload()
    {
        // The fixtures already hold four images: a cap of four leaves no room.
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { MaxItemsPerCollection = 4 });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };

        var refused = await http.SendAsync(Post("api/gallery/upload", "t", """{ "project_id": 172700, "image": "https://example.com/x.png" }"""));

        (await refused.ShouldBeAsync(403))["code"]!.GetValue<int>().Should().Be(ErrorCodes.CollectionFull);
    }
}
