using System.Net.Http.Headers;
using System.Text;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

/// <summary>Credentials <c>shared:&lt;world&gt;:&lt;username&gt;</c>: several users of one world, each refused what belongs to another.</summary>
[Collection(MockServerCollection.Name)]
public sealed class SharedWorldTests(MockServerFixture mock)
{
    private static string World() => $"team-{Guid.NewGuid():N}";

    [Fact]
    public async Task Users_of_a_shared_world_are_who_the_credential_names_and_see_the_same_projects()
    {
        var world = World();

        var you = await (await mock.GetAsync("/api/self", $"shared:{world}:You")).ShouldBeAsync(200);
        var user1 = await (await mock.GetAsync("/api/self", $"shared:{world}:User1")).ShouldBeAsync(200);
        var newcomer = await (await mock.GetAsync("/api/self", $"shared:{world}:Zed")).ShouldBeAsync(200);

        you["username"]!.GetValue<string>().Should().Be("You");
        user1["username"]!.GetValue<string>().Should().Be("User1");
        newcomer["username"]!.GetValue<string>().Should().Be("Zed", "a name the world does not know joins it as a new user");
        var profile = await (await mock.GetAsync("/api/users/You?include_projects=true", $"shared:{world}:Zed")).ShouldBeAsync(200);
        profile["projects"]!.AsArray().Should().BeEmpty("You names the caller: Zed, who owns nothing");
    }

    [Fact]
    public async Task The_owner_changes_a_project_another_user_of_the_world_is_refused_and_both_see_the_change()
    {
        var world = World();

        await (await mock.PutAsync("/api/project/172701/metadata", $"shared:{world}:You", """{ "title": "Mine now" }""")).ShouldBeAsync(403);
        await (await mock.PutAsync("/api/project/172701/metadata", $"shared:{world}:User1", """{ "title": "Dragon Sagas" }""")).ShouldBeAsync(200);

        var found = await (await mock.PostAsync("/minisearch", $"shared:{world}:You", """{ "name": "Dragon Sagas" }""")).ShouldBeAsync(200);
        found["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).Should().Contain(172701, "User1's rename is in the world You sees");
    }

    [Fact]
    public async Task A_lore_item_of_one_user_is_refused_to_another()
    {
        var world = World();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("User1's notes.")), "file", "notes.txt" },
            { new StringContent("""{ "owner_id": 172701 }"""), "metadata" },
        };
        using var add = new HttpRequestMessage(HttpMethod.Post, "lore/item") { Content = form };
        add.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"shared:{world}:User1");
        using var added = await mock.Http.SendAsync(add);
        await added.ShouldBeAsync(200);

        await (await mock.GetAsync("/lore/items?owner_ids=172701", $"shared:{world}:You")).ShouldBeAsync(403);
        var own = await (await mock.GetAsync("/lore/items?owner_ids=172701", $"shared:{world}:User1")).ShouldBeAsync(200);
        own["items"]!.AsArray().Should().HaveCount(2, "the fixture's item and the one just added");
    }

    [Fact]
    public async Task A_credential_that_only_looks_shared_has_a_world_of_its_own()
    {
        var world = World();
        await (await mock.PostAsync("/api/account/blacklist", $"shared:{world}:You", """{ "word": "shared-word" }""")).ShouldBeAsync(200);

        var plain = await (await mock.GetAsync("/api/account", $"shared:{world}")).ShouldBeAsync(200);
        var member = await (await mock.GetAsync("/api/account", $"shared:{world}:User1")).ShouldBeAsync(200);

        plain["blacklist"]!.AsArray().Should().BeEmpty("shared:<world> without a username is an ordinary credential, with a world of its own");
        member["blacklist"]!.AsArray().Select(w => w!.GetValue<string>()).Should().Equal(["shared-word"], "account state is the shared world's (README)");
        await (await mock.GetAsync("/api/self", "shared:has spaces")).ShouldBeAsync(401);
    }

    [Fact]
    public async Task A_renamed_user_stays_the_user_its_credential_named()
    {
        var world = World();
        await (await mock.PostAsync("/api/self/username", $"shared:{world}:User1", """{ "new_username": "Dragonlord" }""")).ShouldBeAsync(200);

        var self = await (await mock.GetAsync("/api/self", $"shared:{world}:User1")).ShouldBeAsync(200);
        var project = await (await mock.PutAsync("/api/project/172701/metadata", $"shared:{world}:User1", """{ "title": "Still mine" }""")).ShouldBeAsync(200);

        self["username"]!.GetValue<string>().Should().Be("Dragonlord");
        project["success"]!.GetValue<bool>().Should().BeTrue("the credential is still the owner of User1's project");
    }

    [Fact]
    public async Task After_a_reset_the_users_of_a_shared_world_join_its_new_fixtures_again()
    {
        var world = World();
        await (await mock.GetAsync("/api/self", $"shared:{world}:Zed")).ShouldBeAsync(200);
        await (await mock.PostAsync("/__admin/reset")).ShouldBeAsync(200);

        var zed = await (await mock.GetAsync("/api/self", $"shared:{world}:Zed")).ShouldBeAsync(200);
        var user1 = await (await mock.GetAsync("/api/self", $"shared:{world}:User1")).ShouldBeAsync(200);

        zed["username"]!.GetValue<string>().Should().Be("Zed");
        user1["username"]!.GetValue<string>().Should().Be("User1");
    }

    [Fact]
    public async Task Users_of_one_world_asking_at_once_are_each_who_their_credential_names()
    {
        var world = World();
        var names = new[] { "You", "User1", "TopUser", "Alice", "Bob", "Zed" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var name = names[i % names.Length];
            var self = await (await mock.GetAsync("/api/self", $"shared:{world}:{name}")).ShouldBeAsync(200);
            return (name, self["username"]!.GetValue<string>());
        }));

        answers.Should().OnlyContain(a => a.Item1 == a.Item2);
    }
}
