using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class CharactersTests(MockServerFixture mock)
{
    [Fact]
    public async Task Same_name_twice_gets_a_distinct_pathname()
    {
        var token = mock.NewToken();
        await (await mock.PostAsync("/api/core/characters", token, """{ "name": "Twin" }""")).ShouldBeAsync(200);

        var second = await (await mock.PostAsync("/api/core/characters", token, """{ "name": "Twin" }""")).ShouldBeAsync(200);

        second["pathname"]!.GetValue<string>().Should().Be("twin-2");
    }
}
