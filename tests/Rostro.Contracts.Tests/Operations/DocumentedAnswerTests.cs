using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>Valid input is accepted: every operation, sent each of the spec's request examples, answers a documented success whose content type and body match the spec.</summary>
public sealed class DocumentedAnswerTests(ContractTarget target) : ContractTest(target)
{
    [ContractTheory]
    [MemberData(nameof(OperationRows.Examples), MemberType = typeof(OperationRows))]
    public async Task Spec_example_request_is_accepted_with_a_documented_answer(string operationId, string example)
    {
        var operation = Operation(operationId);
        RequireGeneric(operation);
        var user = Target.User();
        await PrepareAsync(operation, user);
        var plan = await OperationRequests.ValidAsync(Target, user, operation);
        if (example != "default")
        {
            plan = plan.WithBody(operation.RequestBody!.Content["application/json"].Examples[example]?.DeepClone());
        }

        var answer = await plan.SendAsync(user, cancellationToken: Cancellation);

        if (Target.IsMock)
        {
            answer.Should().Succeed(operation);
        }
        else
        {
            // A live account may lack what a look-up names (no Bluesky link, no such file): a documented 404 is an answer too.
            answer.Should().MatchContract(operation, [.. ContractRules.DocumentedStatuses(operation).Where(s => s is >= 200 and < 300 or 404)]);
        }
    }

    // A removal needs something to remove: on a mock, what its twin creates (the classification names the pair) comes first.
    private static async Task PrepareAsync(SpecOperation operation, ContractClient user)
    {
        var twin = Spec.Operations.FirstOrDefault(o => o.Facts.Undo?.OperationId == operation.OperationId);
        if (user.Target.IsMock && twin is not null)
        {
            var create = await OperationRequests.ValidAsync(user.Target, user, twin);
            (await create.SendAsync(user, cancellationToken: Cancellation)).Should().Succeed();
        }
    }
}

/// <summary>Invalid input is rejected: each violation the schemas allow to derive answers 422 naming it at its <c>loc</c> (malformed JSON: the documented 400).</summary>
public sealed class InvalidInputTests(ContractTarget target) : ContractTest(target)
{
    [ContractTheory]
    [MemberData(nameof(OperationRows.InvalidCases), MemberType = typeof(OperationRows))]
    public async Task Invalid_request_is_rejected_naming_the_violation(string operationId, string invalidCase)
    {
        var operation = Operation(operationId);
        var variant = InvalidInputs.For(operation).Single(c => c.Name == invalidCase);
        if (!variant.LiveSafe)
        {
            Target.Require(InvalidInputs.InventedBound);
        }

        RequireGeneric(operation);
        var user = Target.User();
        var plan = variant.Apply(await OperationRequests.ValidAsync(Target, user, operation));
        var answer = await plan.SendAsync(user, cancellationToken: Cancellation);

        if (variant.Loc is null)
        {
            answer.Should().BeError(400, operation);
        }
        else
        {
            answer.Should().BeValidationError(operation, [variant.Loc], allow400: Target.IsLive);
        }
    }
}

/// <summary>Auth is enforced: secured operations refuse missing and bad credentials with the 401 envelope; public ones answer without; every scheme is accepted.</summary>
public sealed class AuthenticationTests(ContractTarget target) : ContractTest(target)
{
    [ContractTheory]
    [MemberData(nameof(OperationRows.Secured), MemberType = typeof(OperationRows))]
    public async Task Secured_operation_refuses_a_request_without_credentials(string operationId)
    {
        var operation = Operation(operationId);
        RequireUnsent(operation);
        var plan = await OperationRequests.ValidAsync(Target, Target.User(), operation);

        var answer = await plan.SendAsync(Target.Anonymous(), cancellationToken: Cancellation);

        answer.Should().BeError(401, operation);
    }

    [ContractTheory]
    [MemberData(nameof(OperationRows.SecuredBySchemes), MemberType = typeof(OperationRows))]
    public async Task Secured_operation_refuses_a_bad_credential(string operationId, string scheme)
    {
        var operation = Operation(operationId);
        RequireUnsent(operation);
        var plan = await OperationRequests.ValidAsync(Target, Target.User(), operation);
        var invalid = Target.Client(Caller.Invalid(Enum.Parse<CredentialScheme>(scheme)));

        var answer = await plan.SendAsync(invalid, cancellationToken: Cancellation);

        answer.Should().BeError(401, operation);
    }

    [ContractTheory]
    [MemberData(nameof(OperationRows.Public), MemberType = typeof(OperationRows))]
    public async Task Public_operation_answers_without_credentials(string operationId)
    {
        var operation = Operation(operationId);
        var plan = await OperationRequests.ValidAsync(Target, Target.User(), operation);

        var answer = await plan.SendAsync(Target.Anonymous(), cancellationToken: Cancellation);

        answer.Should().Succeed(operation);
    }

    [ContractTheory]
    [InlineData("Bearer")]
    [InlineData("ApiKey")]
    [InlineData("Samwise")]
    [Trait(OperationRows.Category, "StandardApi")]
    [Trait(OperationRows.Category, "ReadOnly")]
    public async Task Each_credential_scheme_is_accepted(string scheme)
    {
        var kind = Enum.Parse<CredentialScheme>(scheme);
        ContractClient user;
        if (Target.IsMock)
        {
            user = Target.Client(new Caller($"a fresh mock user ({scheme})", kind, $"contract-{Guid.NewGuid():N}"));
        }
        else
        {
            var credential = kind switch
            {
                CredentialScheme.Bearer => Target.Settings.Token,
                CredentialScheme.ApiKey => Target.Settings.ApiKey,
                _ => null,
            };
            if (credential is null)
            {
                Target.Skip($"no credential of the {scheme} scheme is configured (ROSTRO_TOKEN is Bearer, ROSTRO_API_KEY is CH-API-KEY; samwise is the API's internal scheme)");
            }

            user = Target.Client(new Caller(scheme, kind, credential));
        }

        var answer = await user.GetAsync("/api/self", cancellationToken: Cancellation);

        answer.Should().Succeed(Operation("getSelf"));
    }
}

/// <summary>Every path answers 405 with <c>Allow</c> for the methods it does not declare.</summary>
public sealed class MethodNotAllowedTests(ContractTarget target) : ContractTest(target)
{
    [ContractTheory]
    [MemberData(nameof(OperationRows.UndeclaredMethods), MemberType = typeof(OperationRows))]
    public async Task Undeclared_method_answers_405_with_Allow(string pathTemplate, string method)
    {
        if (method != "GET")
        {
            Target.Require(OperationRows.UndeclaredWrite);
        }

        var first = Spec.Paths.Single(p => p.PathTemplate == pathTemplate).Operations[0];
        var path = Target.IsMock ? UnknownValues.ExamplePath(first) : UnknownPath(first);
        var user = Target.User();

        var answer = await user.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : "{}", cancellationToken: Cancellation);

        // Allow names what the URL answers, through every path that matches it.
        answer.Should().BeMethodNotAllowed(Spec.MethodsAt(path));
    }

    // Against a live target the probe names nothing that exists, so even a server that wrongly acted on it would find nothing.
    private static string UnknownPath(SpecOperation operation)
    {
        var path = operation.PathTemplate;
        foreach (var p in operation.Parameters.Where(p => p.Location == "path"))
        {
            var value = UnknownValues.Parameters(operation).Contains(p) ? UnknownValues.For(p) : OperationRequests.Text(p.Examples.GetValueOrDefault("default"));
            path = path.Replace($"{{{p.Name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return path;
    }
}

/// <summary>The error envelopes exactly as documented: every documented error status (forced on a mock), unknown routes and unknown resources.</summary>
public sealed class ErrorEnvelopeTests(ContractTarget target) : ContractTest(target)
{
    [ContractTheory]
    [MemberData(nameof(OperationRows.ErrorStatuses), MemberType = typeof(OperationRows))]
    public async Task Documented_error_status_answers_its_documented_envelope(string operationId, int status)
    {
        Target.Require(OperationRows.ForcedStatus);
        var operation = Operation(operationId);
        var user = Target.User();
        var plan = await OperationRequests.ValidAsync(Target, user, operation);

        var answer = await plan.SendAsync(user, request => request.Headers.Add("Prefer", $"code={status}"), Cancellation);

        answer.Should().BeError(status, operation);
    }

    [ContractTheory]
    [MemberData(nameof(OperationRows.Addressed), MemberType = typeof(OperationRows))]
    public async Task Unknown_resource_answers_the_404_envelope(string operationId)
    {
        var operation = Operation(operationId);
        RequireGeneric(operation);
        var user = Target.User();
        var plan = await OperationRequests.ValidAsync(Target, user, operation);
        foreach (var parameter in UnknownValues.Parameters(operation))
        {
            plan = plan.WithPathValue(parameter.Name, UnknownValues.For(parameter));
        }

        var answer = await plan.SendAsync(user, cancellationToken: Cancellation);

        answer.Should().BeError(404, operation);
    }

    [ContractFact]
    [Trait(OperationRows.Category, "StandardApi")]
    [Trait(OperationRows.Category, "ReadOnly")]
    public async Task Unknown_route_answers_the_404_envelope()
    {
        var answer = await Target.User().GetAsync("/rostro-contracts/no-such-route", cancellationToken: Cancellation);

        // No operation documents an unknown route; the spec's NotFound response ("the resource or endpoint does not exist") does.
        var failures = new List<ContractFailure>();
        if (answer.Status != 404)
        {
            failures.Add(new(ContractRules.ExpectedStatus, $"expected 404, got {answer.Status}."));
        }

        failures.AddRange(ContractRules.Body(answer.Body, Spec.Spec.Schema("ErrorEnvelope")));
        failures.AddRange(ContractRules.Envelope(answer));
        answer.Should().HaveNo(failures);
    }
}
