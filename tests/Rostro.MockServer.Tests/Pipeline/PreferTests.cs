using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

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

    // Each pair: a request that meets the real condition, and the same operation with the status forced.
    public static TheoryData<string, string, string, string?> RealAndForced() => new()
    {
        { "401", "GET /api/self", "invalid-token", null },
        { "403", "PUT /api/project/172701/metadata", "{token}", """{ "title": "Mine now" }""" },
        { "404", "PUT /api/project/999999/metadata", "{token}", """{ "title": "Nobody's" }""" },
        { "400", "POST /api/account/blacklist", "{token}", """{ "word": """ },
        { "413", "POST /api/account/blacklist", "{token}", $$"""{ "word": "{{new string('a', 1024 * 1024)}}" }""" },
    };

    [Theory]
    [MemberData(nameof(RealAndForced))]
    public async Task Prefer_code_answers_exactly_what_the_real_condition_answers(string status, string request, string credential, string? body)
    {
        var token = mock.NewToken();
        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1]);
        var real = await mock.SendAsync(new HttpMethod(method), path, credential.Replace("{token}", token, StringComparison.Ordinal), body);
        var forced = await mock.SendAsync(new HttpMethod(method), path, token, status == "400" || status == "413" ? """{ "word": "fine" }""" : body, r => r.Headers.Add("Prefer", $"code={status}"));

        var realBody = await real.ShouldBeAsync(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
        var forcedBody = await forced.ShouldBeAsync(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));

        forcedBody["code"]!.GetValue<int>().Should().Be(realBody["code"]!.GetValue<int>()).And.NotBe(0);
        forcedBody["errorCode"]!.GetValue<int>().Should().Be(realBody["errorCode"]!.GetValue<int>());
        forced.Headers.WwwAuthenticate.ToString().Should().Be(real.Headers.WwwAuthenticate.ToString());
        (forced.Headers.RetryAfter?.ToString()).Should().Be(real.Headers.RetryAfter?.ToString());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Prefer_code_on_a_completion_answers_what_the_error_rate_fault_answers(int status)
    {
        const string chat = """{ "model": "mythomax", "messages": [ { "role": "user", "content": "Hi" } ] }""";
        var real = await mock.PostAsync("/v1/chat/completions", mock.NewToken(), chat, r =>
        {
            r.Headers.Add("X-Mock-Error-Rate-Percent", "100");
            r.Headers.Add("X-Mock-Error-Status", $"{status}");
        });
        var forced = await mock.PostAsync("/v1/chat/completions", mock.NewToken(), chat, r => r.Headers.Add("Prefer", $"code={status}"));

        var realBody = await real.ShouldBeAsync(status);
        var forcedBody = await forced.ShouldBeAsync(status);

        forcedBody["code"]!.GetValue<int>().Should().Be(realBody["code"]!.GetValue<int>()).And.NotBe(0);
        real.Headers.RetryAfter.Should().NotBeNull();
        forced.Headers.RetryAfter!.ToString().Should().Be(real.Headers.RetryAfter!.ToString());
    }

    [Fact]
    public async Task Prefer_code_with_an_example_answers_that_example_as_written()
    {
        var body = await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add("Prefer", "code=401, example=seed"))).ShouldBeAsync(401);

        body["error"]!.GetValue<string>().Should().Be("Not authenticated", "the spec's example of the shared Unauthorized response");
    }

    [Fact]
    public async Task Prefer_code_that_is_not_documented_returns_400_explaining_why()
    {
        var body = await (await mock.GetAsync("/api/self", mock.NewToken(), r => r.Headers.Add("Prefer", "code=418"))).ShouldBeAsync(400);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.BadMockOverride);
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
