using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Handlers;

/// <summary>
/// The handlers read request bodies as the spec's wire models (typed by NSwag: an <c>integer</c> without a format is an
/// <see cref="int"/>). Every whole number JSON Schema's <c>integer</c> accepts must reach them as the number it is
/// (<c>5.0</c>), and one past the field's range as its bound (the mock always read a huge limit as "no limit"): never a 500.
/// </summary>
[Collection(MockServerCollection.Name)]
public sealed class WireModelReadingTests(MockServerFixture mock)
{
    [Fact]
    public async Task A_rating_written_as_5_point_0_is_stored_as_5()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/project/172700/rate", token, """{ "rating": 5.0 }""")).ShouldBeAsync(200);

        var ratings = await (await mock.GetAsync("/api/project/172700/ratings", token)).ShouldBeAsync(200);
        ratings["ratings"]!.AsArray().Select(r => r!["rating"]!.GetValue<int>()).Should().Contain(5);
    }

    [Fact]
    public async Task A_limit_past_the_int32_range_reads_as_no_limit_and_one_within_it_as_itself()
    {
        var all = await (await mock.PostAsync("/tags", mock.NewToken(), """{ "limit": 1e12 }""")).ShouldBeAsync(200);
        var two = await (await mock.PostAsync("/tags", mock.NewToken(), """{ "limit": 2.0 }""")).ShouldBeAsync(200);

        all["tags"]!.AsArray().Count.Should().BeGreaterThan(2);
        two["tags"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Completion_counts_written_as_whole_decimals_are_honoured()
    {
        var body = await (await mock.PostAsync("/v1/completions", mock.NewToken(), """{ "model": "mythomax", "prompt": "Once", "n": 2.0, "max_tokens": 3e0 }""")).ShouldBeAsync(200);

        body["choices"]!.AsArray().Should().HaveCount(2);
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(6);
    }

    [Fact]
    public async Task Times_are_written_in_UTC_with_a_Z_as_the_specs_examples_write_them()
    {
        var history = await (await mock.PostAsync("/imagine/history", mock.NewToken(), """{ "first": 5 }""")).ShouldBeAsync(200);

        history["items"]!.AsArray().Should().NotBeEmpty("the fixtures hold a generation")
            .And.OnlyContain(item => System.Text.RegularExpressions.Regex.IsMatch(item!["created_at"]!.GetValue<string>(), @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
    }
}
