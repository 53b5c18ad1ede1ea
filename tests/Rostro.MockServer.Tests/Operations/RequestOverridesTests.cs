using Microsoft.AspNetCore.Http;
using Rostro.MockServer.Operations;

namespace Rostro.MockServer.Tests.Operations;

public sealed class RequestOverridesTests
{
    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return dictionary;
    }

    [Fact]
    public void Prefer_code_and_example_are_read_from_one_header_with_parameters_and_quotes()
    {
        var overrides = RequestOverrides.Parse(Headers(("Prefer", "code=404; charset=x, example=\"rated\"")), out var error);

        error.Should().BeNull();
        overrides!.Code.Should().Be(404);
        overrides.Example.Should().Be("rated");
    }

    [Fact]
    public void Preferences_spread_over_several_prefer_headers_are_all_read()
    {
        var overrides = RequestOverrides.Parse(Headers(("Prefer", "code=200"), ("Prefer", "example=seed")), out _);

        overrides!.Code.Should().Be(200);
        overrides.Example.Should().Be("seed");
    }

    [Theory]
    [InlineData("code=99")]
    [InlineData("code=600")]
    [InlineData("code=4o4")]
    [InlineData("example=")]
    public void Malformed_preference_is_refused_with_a_reason(string prefer)
    {
        RequestOverrides.Parse(Headers(("Prefer", prefer)), out var error).Should().BeNull();

        error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Any_request_header_is_readable_raw_even_without_overrides()
    {
        var overrides = RequestOverrides.Parse(Headers(("X-Test-Id", "42")), out _);

        overrides!.Header("X-Test-Id").Should().Be("42");
        overrides.HasMockHeaders.Should().BeFalse();
        overrides.Code.Should().BeNull();
    }

    [Fact]
    public void Mock_headers_are_noticed()
    {
        RequestOverrides.Parse(Headers(("x-mock-drop-after-events", "3")), out _)!.HasMockHeaders.Should().BeTrue();
    }
}
