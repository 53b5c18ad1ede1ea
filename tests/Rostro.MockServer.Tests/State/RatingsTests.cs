using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class RatingsTests(MockServerFixture mock)
{
    [Fact]
    public async Task Rating_is_listed_and_averaged_and_updated_in_place()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/project/172700/rate", token, """{ "rating": 3, "comment": "Fine." }""")).ShouldBeAsync(200);
        var ratings = await (await mock.GetAsync("/api/project/172700/ratings", token)).ShouldBeAsync(200);
        ratings["ratings"]!.AsArray().Should().HaveCount(3);
        ratings["average"]!.GetValue<double>().Should().Be(4.0);

        await (await mock.PostAsync("/api/project/172700/rate", token, """{ "rating": 6 }""")).ShouldBeAsync(422);
        await (await mock.PostAsync("/api/project/172700/rate", token, """{ "rating": 5 }""")).ShouldBeAsync(200);
        var updated = await (await mock.GetAsync("/api/project/172700/ratings", token)).ShouldBeAsync(200);
        updated["ratings"]!.AsArray().Should().HaveCount(3);
        updated["average"]!.GetValue<double>().Should().BeApproximately(4.67, 0.001);
    }

    [Fact]
    public async Task Disabled_ratings_refuse_a_rating_with_403_until_enabled()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/project/172700/ratings/disable", token)).ShouldBeAsync(200);
        var refused = await (await mock.PostAsync("/api/project/172700/rate", token, """{ "rating": 5 }""")).ShouldBeAsync(403);
        refused["code"]!.GetValue<int>().Should().Be(ErrorCodes.RatingsDisabled);
        (await (await mock.GetAsync("/api/project/172700/ratings", token)).ShouldBeAsync(200))["enabled"]!.GetValue<bool>().Should().BeFalse();

        await (await mock.PostAsync("/api/project/172700/ratings/enable", token)).ShouldBeAsync(200);
        await (await mock.PostAsync("/api/project/172700/rate", token, """{ "rating": 5 }""")).ShouldBeAsync(200);
    }

    [Fact]
    public async Task Project_without_ratings_has_a_null_average()
    {
        var body = await (await mock.GetAsync("/api/project/172701/ratings", mock.NewToken())).ShouldBeAsync(200);

        body["average"].Should().BeNull();
    }
}
