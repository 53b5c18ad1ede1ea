using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Rostro.MockServer.Operations;
using Rostro.WireMock.Tests.Answers;

namespace Rostro.WireMock.Tests.Generation;

/// <summary>The <c>Prefer</c> patterns against the mock's own reading of the header (<see cref="RequestOverrides.Parse"/>), as WireMock.Net evaluates them (a .NET regex search).</summary>
public sealed class PreferPatternTests
{
    public static TheoryData<string> Cases() => [.. StubSweeps.PreferCases];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_status_pattern_matches_exactly_when_the_mock_reads_that_code_and_example(string prefer)
    {
        var parsed = RequestOverrides.Parse(new HeaderDictionary { ["Prefer"] = prefer }, out _);
        foreach (var status in new[] { 200, 404, 500, 503 })
        {
            foreach (var (example, first) in new[] { ("seed", true), ("rated", false) })
            {
                var expected = parsed?.Code == status && (parsed.Example == example || (first && parsed.Example is null));
                Regex.IsMatch(prefer, PreferPattern.ForStatus(status, example, orNoExample: first))
                    .Should().Be(expected, $"the mock reads '{prefer}' as code {parsed?.Code}, example {parsed?.Example} (status {status}, example {example}, first {first})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_example_pattern_matches_exactly_when_the_mock_reads_that_example_without_a_code(string prefer)
    {
        var parsed = RequestOverrides.Parse(new HeaderDictionary { ["Prefer"] = prefer }, out _);
        foreach (var example in new[] { "seed", "rated" })
        {
            Regex.IsMatch(prefer, PreferPattern.ForExample(example))
                .Should().Be(parsed is { Code: null } && parsed.Example == example, $"the mock reads '{prefer}' as code {parsed?.Code}, example {parsed?.Example}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fallback_pattern_matches_whenever_the_mock_would_answer_from_a_code_or_example_or_refuse_it(string prefer)
    {
        var parsed = RequestOverrides.Parse(new HeaderDictionary { ["Prefer"] = prefer }, out var error);
        var asksForOne = error is not null || parsed!.Code is not null || parsed.Example is not null;
        Regex.IsMatch(prefer, PreferPattern.ForAnyCodeOrExample()).Should().Be(asksForOne, $"the mock reads '{prefer}' as code {parsed?.Code}, example {parsed?.Example}, error {error}");
    }
}
