using Rostro.MockServer.Errors;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Pipeline;

[Collection(MockServerCollection.Name)]
public sealed class PreferTests(MockServerFixture mock)
{
    [Fact]
    public async Task Prefer_code_forces_a_documented_status_with_its_documented_shape()
    {
        var body = await (await mock.GetAsync("/api/gallery/project/172700", mock.NewToken(), r => r.Headers.Add("Prefer", "code=404"))).ShouldBeAsync(404);

        body["errorCode"]!.GetValue<int>().Should().Be(404);
    }

    [Fact]
    public async Task Prefer_code_500_answers_the_internal_error_envelope_without_an_exception()
    {
        var body = await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add("Prefer", "code=500"))).ShouldBeAsync(500);

        body["errorCode"]!.GetValue<int>().Should().Be(500);
        body["error"]!.GetValue<string>().Should().Be("UNKNOWN");
    }

    [Fact]
    public async Task Prefer_code_429_carries_retry_after()
    {
        var response = await mock.PostAsync("/v1/chat/completions", mock.NewToken(), """{ "model": "mythomax", "messages": [ { "role": "user", "content": "Hi" } ] }""", r => r.Headers.Add("Prefer", "code=429"));

        await response.ShouldBeAsync(429);
        response.Headers.RetryAfter.Should().NotBeNull();
    }

    [Fact]
    public async Task Prefer_code_that_is_not_documented_returns_400_explaining_why()
    {
        var body = await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add("Prefer", "code=418"))).ShouldBeAsync(400);

        body["code"]!.GetValue<int>().Should().Be(MockErrorCodes.BadMockOverride);
        body["error"]!.GetValue<string>().Should().Contain("418").And.Contain("200, 401, 403, 500");
    }

    [Fact]
    public async Task Prefer_code_that_is_not_a_status_returns_400()
    {
        await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add("Prefer", "code=abc"))).ShouldBeAsync(400);
    }

    [Fact]
    public async Task Prefer_code_does_not_bypass_authentication()
    {
        await (await mock.GetAsync("/api/self", configure: r => r.Headers.Add("Prefer", "code=200"))).ShouldBeAsync(401);
    }

    [Fact]
    public async Task Prefer_example_picks_a_named_spec_example()
    {
        var body = await (await mock.GetAsync("/api/project/172700/ratings", mock.NewToken(), r => r.Headers.Add("Prefer", "example=rated"))).ShouldBeAsync(200);

        body["ratings"]!.AsArray().Select(r => r!["username"]!.GetValue<string>()).Should().Equal("Alice", "Bob");
    }

    [Fact]
    public async Task Prefer_code_and_example_combine()
    {
        var body = await (await mock.GetAsync("/api/project/172700/ratings", mock.NewToken(), r => r.Headers.Add("Prefer", "code=200, example=seed"))).ShouldBeAsync(200);

        body["ratings"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Prefer_example_that_does_not_exist_returns_400_listing_the_names()
    {
        var body = await (await mock.GetAsync("/api/project/172700/ratings", mock.NewToken(), r => r.Headers.Add("Prefer", "example=nope"))).ShouldBeAsync(400);

        body["error"]!.GetValue<string>().Should().Contain("seed, rated");
    }

    [Fact]
    public async Task Prefer_example_still_validates_the_request()
    {
        await (await mock.GetAsync("/api/project/abc/ratings", mock.NewToken(), r => r.Headers.Add("Prefer", "example=rated"))).ShouldBeAsync(422);
    }

    [Fact]
    public async Task X_mock_delay_ms_delays_the_answer()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add("X-Mock-Delay-Ms", "150"))).ShouldBeAsync(200);

        started.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(140);
    }

    [Theory]
    [InlineData("X-Mock-Delay-Ms", "soon")]
    [InlineData("X-Mock-Delay-Ms", "-5")]
    [InlineData("X-Mock-Ttft-Ms", "999999")]
    public async Task Bad_x_mock_header_returns_400_and_names_the_header(string header, string value)
    {
        var body = await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add(header, value))).ShouldBeAsync(400);

        body["error"]!.GetValue<string>().Should().Contain(header);
    }
}
