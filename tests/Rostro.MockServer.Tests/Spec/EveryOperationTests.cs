using System.Globalization;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Spec;

[Collection(MockServerCollection.Name)]
public sealed class EveryOperationTests(MockServerFixture mock)
{
    // Deleting the account ends the world's session (401 afterwards), so the sweep does it last.
    private static IEnumerable<SpecOperation> InSweepOrder(RostroSpec spec) =>
        spec.Operations.OrderBy(o => o.OperationId == "deleteAccount" ? 1 : 0);

    [Fact]
    public async Task Every_spec_operation_answers_its_example_request_with_a_documented_success_and_a_valid_body()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var token = mock.NewToken();
        var failures = new List<string>();
        spec.Operations.Should().NotBeEmpty("the sweep below must have operations to send");

        foreach (var operation in InSweepOrder(spec))
        {
            using var request = SpecRequests.Build(operation, token);
            using var response = await mock.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                failures.Add($"{operation}: {status} {text}");
                continue;
            }

            if (Schema(operation, status) is { } schema)
            {
                failures.AddRange(SchemaValidator.Validate(text, schema).Select(v => $"{operation}: {v}"));
            }
        }

        failures.Should().BeEmpty();
        mock.AssertHealthy();
    }

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

    [Fact]
    public async Task Every_secured_operation_refuses_a_request_without_credentials()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var failures = new List<string>();
        spec.Operations.Should().Contain(o => !o.IsPublic, "the sweep below must have secured operations to send");

        foreach (var operation in spec.Operations.Where(o => !o.IsPublic))
        {
            using var request = SpecRequests.Build(operation, "unused");
            request.Headers.Authorization = null;
            using var response = await mock.Http.SendAsync(request);
            if ((int)response.StatusCode != 401)
            {
                failures.Add($"{operation}: {(int)response.StatusCode}");
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
