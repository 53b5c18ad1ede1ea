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
    public async Task Credentials_that_only_look_shared_are_users_of_their_own()
    {
        var odd = await (await mock.GetAsync("/api/self", "shared:has spaces")).ShouldBeAsync(401);
        var own = await (await mock.GetAsync("/api/self", $"shared:{World()}")).ShouldBeAsync(200);

        odd["errorCode"]!.GetValue<int>().Should().Be(401, "whitespace is no credential, shared or not");
        own["username"]!.GetValue<string>().Should().Be("You", "without a username it is an ordinary credential");
    }
}
