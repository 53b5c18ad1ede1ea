using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class FollowsTests(MockServerFixture mock)
{
    private static IEnumerable<string> Names(System.Text.Json.Nodes.JsonNode body) => body["users"]!.AsArray().Select(u => u!["username"]!.GetValue<string>());

    [Fact]
    public async Task Following_a_user_shows_in_follows_followers_and_timeline_until_unfollowed()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/follow/User1", token)).ShouldBeAsync(200);

        Names(await (await mock.GetAsync("/api/follows/You", token)).ShouldBeAsync(200)).Should().Contain("User1");
        Names(await (await mock.GetAsync("/api/followers/User1", token)).ShouldBeAsync(200)).Should().Contain("You");
        var timeline = await (await mock.GetAsync("/api/timeline/v1", token)).ShouldBeAsync(200);
        timeline["items"]!.AsArray().Select(i => i!["username"]!.GetValue<string>()).Should().Contain("User1");

        await (await mock.DeleteAsync("/api/follow/User1", token)).ShouldBeAsync(200);

        Names(await (await mock.PostAsync("/api/follows/You?page=1", token)).ShouldBeAsync(200)).Should().NotContain("User1");
        var after = await (await mock.GetAsync("/api/timeline/v1", token)).ShouldBeAsync(200);
        after["items"]!.AsArray().Select(i => i!["username"]!.GetValue<string>()).Should().NotContain("User1");
        await (await mock.DeleteAsync("/api/follow/User1", token)).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Following_yourself_returns_422()
    {
        var body = await (await mock.PostAsync("/api/follow/You", mock.NewToken())).ShouldBeAsync(422);

        body.Details().Should().Equal(("path/username", "value_error"));
    }
}
