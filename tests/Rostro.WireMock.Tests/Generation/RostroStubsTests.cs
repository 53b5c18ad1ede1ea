using Rostro.Spec;

namespace Rostro.WireMock.Tests.Generation;

/// <summary>The generated stubs as a set, before any server reads them (their answers are swept in Answers/).</summary>
public sealed class RostroStubsTests
{
    [Fact]
    public async Task Each_operation_has_a_success_stub_a_forced_stub_per_documented_example_and_a_401_when_secured()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var stubs = RostroStubs.FromSpec(spec);
        foreach (var operation in spec.Operations)
        {
            var own = stubs.Where(s => s.OperationId == operation.OperationId).ToList();
            own.Count(s => s.Kind == StubKind.Success).Should().Be(1, operation.Key);
            // One per example, and one more for `code` alone on the errors (the mock's envelope) other than 422.
            var forcedErrors = operation.Responses.Keys.Count(code => code[0] is '4' or '5' && code != "422");
            own.Count(s => s.Kind == StubKind.ForcedStatus).Should().Be(operation.Responses.Values.Sum(r => r["application/json"].Examples.Count) + forcedErrors, operation.Key);
            own.Count(s => s.Kind == StubKind.MissingCredentials).Should().Be(operation.IsPublic ? 0 : 1, operation.Key);
            own.Count(s => s.Kind == StubKind.EventStream).Should().Be(operation.Responses.Values.Any(r => r.ContainsKey("text/event-stream")) ? 1 : 0, operation.Key);
        }

        stubs.Select(s => s.OperationId).Distinct().Should().HaveCount(spec.Operations.Count);
    }

    [Fact]
    public void Every_generated_stub_has_a_lower_priority_than_the_ones_left_for_your_own()
    {
        // WireMock.Net's default priority is 0 and Java WireMock's 5: a stub of yours at either must win.
        RostroStubs.Embedded.Should().OnlyContain(s => s.Priority > RostroStubs.LowestUserPriority);
        RostroStubs.LowestUserPriority.Should().BeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public async Task Generating_twice_gives_the_same_stubs_with_unique_stable_ids()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var first = RostroStubs.FromSpec(spec);
        var second = RostroStubs.FromSpec(spec);
        first.Select(s => s.Id).Should().OnlyHaveUniqueItems();
        second.Select(s => (s.Id, s.Title, s.Priority, s.Response.Body)).Should().Equal(first.Select(s => (s.Id, s.Title, s.Priority, s.Response.Body)));
    }

    [Fact]
    public async Task A_secured_operation_in_a_spec_without_a_credential_header_is_refused_with_its_name()
    {
        var spec = await RostroSpec.LoadAsync("""
            openapi: 3.0.3
            info: { title: t, version: '1' }
            security: [ { Cookie: [] } ]
            components:
              securitySchemes:
                Cookie: { type: apiKey, in: cookie, name: session }
            paths:
              /secret:
                get:
                  operationId: getSecret
                  responses:
                    '200': { description: ok, content: { application/json: { example: { a: 1 } } } }
                    '401': { description: no, content: { application/json: { example: { error: no } } } }
            """);
        var generate = () => RostroStubs.FromSpec(spec);
        generate.Should().Throw<InvalidOperationException>().WithMessage("*GET /secret*credential header*");
    }
}
