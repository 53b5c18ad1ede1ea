using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class AccountTests(MockServerFixture mock)
{
    private static IEnumerable<string> List(System.Text.Json.Nodes.JsonNode account, string name) => account[name]!.AsArray().Select(n => n!.GetValue<string>());

    [Fact]
    public async Task Blocks_blacklist_and_sort_are_visible_in_the_account()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/account/block/user/BadGuy", token)).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/account/block/tag/gore", token)).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/account/blacklist", token, """{ "word": "spam" }""")).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/account/sort/newest", token)).ShouldBeAsync(200);

        var account = await (await mock.GetAsync("/api/account", token)).ShouldBeAsync(200);
        List(account, "blocked_users").Should().Equal("BadGuy");
        List(account, "blocked_tags").Should().Equal("gore");
        List(account, "blacklist").Should().Equal("spam");
        account["default_sort"]!.GetValue<string>().Should().Be("newest");
    }

    [Fact]
    public async Task Unblock_and_blacklist_removal_undo_and_then_404()
    {
        var token = mock.NewToken();
        await (await mock.PostAsync("/api/account/block/user/BadGuy", token)).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/account/blacklist", token, """{ "word": "spam" }""")).ShouldBeAsync(200);

        await (await mock.DeleteAsync("/api/account/block/user/BadGuy", token)).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/account/blacklist/remove", token, """{ "word": "spam" }""")).ShouldBeAsync(200);

        var account = await (await mock.GetAsync("/api/account", token)).ShouldBeAsync(200);
        List(account, "blocked_users").Should().BeEmpty();
        List(account, "blacklist").Should().BeEmpty();
        await (await mock.DeleteAsync("/api/account/block/user/BadGuy", token)).ShouldBeAsync(404);
        await (await mock.PostAsync("/api/account/blacklist/remove", token, """{ "word": "spam" }""")).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Blocked_users_projects_leave_search()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/account/block/user/BadGuy", token)).ShouldBeAsync(200);

        var found = await (await mock.GetAsync("/search?search=lair", token)).ShouldBeAsync(200);
        found["count"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task Username_change_is_seen_everywhere_and_the_old_name_frees_up()
    {
        var token = mock.NewToken();

        var changed = await (await mock.PostAsync("/api/self/username", token, """{ "new_username": "CoolName" }""")).ShouldBeAsync(200);
        changed["username"]!.GetValue<string>().Should().Be("CoolName");

        (await (await mock.GetAsync("/api/self", token)).ShouldBeAsync(200))["username"]!.GetValue<string>().Should().Be("CoolName");
        (await (await mock.GetAsync("/api/users/You", token)).ShouldBeAsync(200))["username"]!.GetValue<string>().Should().Be("CoolName");
        var check = await (await mock.PostAsync("/api/check/username", token, """{ "new_username": "CoolName" }""")).ShouldBeAsync(200);
        check["available"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Username_outside_the_pattern_returns_422()
    {
        var body = await (await mock.PostAsync("/api/check/username", json: """{ "new_username": "no spaces!" }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/new_username", "string_pattern_mismatch"));
    }

    [Fact]
    public async Task Each_credential_is_its_own_world()
    {
        var first = mock.NewToken();
        var second = mock.NewToken();

        await (await mock.PostAsync("/api/account/blacklist", first, """{ "word": "only-mine" }""")).ShouldBeAsync(200);

        List(await (await mock.GetAsync("/api/account", second)).ShouldBeAsync(200), "blacklist").Should().BeEmpty();
    }
}
