using System.Globalization;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Spec;

/// <summary>What only the mock promises over every operation: each documented status can be forced with <c>Prefer: code</c>.</summary>
/// <remarks>Each example request answering a documented success and each secured operation refusing a request without
/// credentials are the contract suite's rows (DocumentedAnswerTests), run against this same mock in every CI run.</remarks>
[Collection(MockServerCollection.Name)]
public sealed class EveryOperationTests(MockServerFixture mock)
{
    [Fact]
    public async Task Every_documented_status_of_every_operation_can_be_forced_and_matches_its_schema()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var failures = new List<string>();
        spec.Operations.Should().NotBeEmpty().And.OnlyContain(o => o.Responses.Count > 0, "every operation documents an answer to force");

        foreach (var operation in spec.Operations)
        {
            foreach (var code in operation.Responses.Keys)
            {
                var status = int.Parse(code, CultureInfo.InvariantCulture);
                using var request = SpecRequests.Build(operation, mock.NewToken());
                request.Headers.Add("Prefer", $"code={status}");
                using var response = await mock.Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode != status)
                {
                    failures.Add($"{operation} code={status}: answered {(int)response.StatusCode} {text}");
                    continue;
                }

                if (Schema(operation, status) is { } schema)
                {
                    failures.AddRange(SchemaValidator.Validate(text, schema).Select(v => $"{operation} {status}: {v}"));
                }
            }
        }

        failures.Should().BeEmpty();
        mock.AssertHealthy();
    }

    private static Rostro.Spec.Schemas.SpecSchema? Schema(SpecOperation operation, int status) =>
        operation.Responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var content) && content.TryGetValue("application/json", out var json)
            ? json.Schema
            : null;
}
