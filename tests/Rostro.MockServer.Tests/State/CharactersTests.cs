using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class CharactersTests(MockServerFixture mock)
{
    [Fact]
    public async Task Created_character_is_updated_and_linked_then_unlinked()
    {
        var token = mock.NewToken();
        var created = await (await mock.PostAsync("/api/core/characters", token, """{ "name": "Sir Lance", "description": "A knight." }""")).ShouldBeAsync(200);
        created["pathname"]!.GetValue<string>().Should().Be("sir-lance");

        var updated = await (await mock.PutAsync("/api/core/characters/You/sir-lance", token, """{ "name": "Sir Lancelot" }""")).ShouldBeAsync(200);
        updated["name"]!.GetValue<string>().Should().Be("Sir Lancelot");

        var linked = await (await mock.PostAsync("/api/core/characters/link/You/sir-lance/lorebook/123", token)).ShouldBeAsync(200);
        linked["linked_lorebooks"]!.AsArray().Select(i => i!.GetValue<long>()).Should().Equal(123);

        var unlinked = await (await mock.DeleteAsync("/api/core/characters/link/You/sir-lance/lorebook/123", token)).ShouldBeAsync(200);
        unlinked["linked_lorebooks"]!.AsArray().Should().BeEmpty();
        await (await mock.DeleteAsync("/api/core/characters/link/You/sir-lance/lorebook/123", token)).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Same_name_twice_gets_a_distinct_pathname()
    {
        var token = mock.NewToken();
        await (await mock.PostAsync("/api/core/characters", token, """{ "name": "Twin" }""")).ShouldBeAsync(200);

        var second = await (await mock.PostAsync("/api/core/characters", token, """{ "name": "Twin" }""")).ShouldBeAsync(200);

        second["pathname"]!.GetValue<string>().Should().Be("twin-2");
    }

    [Fact]
    public async Task Updating_another_users_character_returns_403()
    {
        await (await mock.PutAsync("/api/core/characters/User1/elf-queen", mock.NewToken(), """{ "name": "Mine" }""")).ShouldBeAsync(403);
    }

    [Fact]
    public async Task Unknown_character_returns_404()
    {
        await (await mock.PutAsync("/api/core/characters/You/nobody", mock.NewToken(), """{ "name": "X" }""")).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Linking_an_unknown_lorebook_returns_404()
    {
        await (await mock.PostAsync("/api/core/characters/link/You/char1/lorebook/999999", mock.NewToken())).ShouldBeAsync(404);
    }
}
