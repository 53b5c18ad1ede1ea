using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class ImagineTests(MockServerFixture mock)
{
    [Fact]
    public async Task Generation_is_listed_in_history_and_deletable()
    {
        var token = mock.NewToken();
        var generation = await (await mock.PostAsync("/imagine", token, """{ "prompt": "a red fox", "generation_type": "text_to_image" }""")).ShouldBeAsync(200);
        var uuid = generation["generation_uuid"]!.GetValue<string>();
        generation["is_done"]!.GetValue<bool>().Should().BeTrue();

        var history = await (await mock.PostAsync("/imagine/history", token, """{ "first": 1 }""")).ShouldBeAsync(200);
        history["items"]!.AsArray().Should().ContainSingle().Which!["generation_uuid"]!.GetValue<string>().Should().Be(uuid);

        var deleted = await (await mock.PostAsync("/imagine/history/delete", token, $$"""{ "uuids": ["{{uuid}}", "nope"] }""")).ShouldBeAsync(200);
        deleted["successes"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal(uuid);
        deleted["failures"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("nope");
    }

    [Fact]
    public async Task Return_immediate_starts_unfinished_and_is_done_by_the_next_history_read()
    {
        var token = mock.NewToken();
        var generation = await (await mock.PostAsync("/imagine?return_immediate=true", token, """{ "prompt": "slow" }""")).ShouldBeAsync(200);
        generation["is_done"]!.GetValue<bool>().Should().BeFalse();
        generation["primary_media_url"].Should().BeNull();

        var history = await (await mock.PostAsync("/imagine/history", token)).ShouldBeAsync(200);

        history["items"]!.AsArray()[0]!["is_done"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Each_generation_costs_a_credit()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/imagine", token, "{}")).ShouldBeAsync(200);

        (await (await mock.GetAsync("/api/account", token)).ShouldBeAsync(200))["credits"]!.GetValue<int>().Should().Be(499);
    }
}
