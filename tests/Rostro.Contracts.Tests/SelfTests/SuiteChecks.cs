using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Lifecycles;
using Rostro.Contracts.Tests.Mimic;
using Rostro.Contracts.Tests.Operations;
using Rostro.Contracts.Tests.Streaming;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>One check of the suite, called as a self-test calls it: the test class on a given target, one row.</summary>
public static class SuiteChecks
{
    /// <summary>A proxy that answers a request without credentials as its own user's: a secured operation no longer refuses it.</summary>
    public static void CredentialsIgnored(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.Contains("Authorization") && !request.Headers.Contains("CH-API-KEY") && !request.Headers.Contains("samwise"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer the-proxy-s-own-user");
        }
    }

    /// <summary>An answer body with one edit (the regression).</summary>
    public static string Edit(string body, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        edit(json);
        return json.ToJsonString();
    }

    public static async Task Documented(ContractTarget target, string operationId)
    {
        await using var test = new DocumentedAnswerTests(target);
        await test.Spec_example_request_is_accepted_with_a_documented_answer(operationId, "default");
    }

    public static async Task WithoutCredentials(ContractTarget target, string operationId)
    {
        await using var test = new AuthenticationTests(target);
        await test.Secured_operation_refuses_a_request_without_credentials(operationId);
    }

    public static async Task Invalid(ContractTarget target, string operationId, string invalidCase)
    {
        await using var test = new InvalidInputTests(target);
        await test.Invalid_request_is_rejected_naming_the_violation(operationId, invalidCase);
    }

    public static async Task Foreign(ContractTarget target, string operationId)
    {
        await using var test = new ForeignResourceTests(target);
        await test.Another_users_resource_is_refused(operationId);
    }

    public static async Task Listing(ContractTarget target, string operationId, string rule)
    {
        await using var test = new ListingTests(target);
        await test.Listing_keeps_the_rule_its_parameters_state(operationId, rule);
    }

    public static async Task Valid(ContractTarget target, string operationId, string validCase)
    {
        await using var test = new ValidInputTests(target);
        await test.Valid_value_beyond_the_examples_is_accepted(operationId, validCase);
    }

    public static async Task Planned(ContractTarget target, string key)
    {
        await using var test = new CompletionsPlanTests(target);
        await test.Planned_completions_request_meets_every_rule_it_checks(key);
    }

    public static async Task Lifecycle(ContractTarget target, Func<LifecycleTests, Task> check)
    {
        await using var test = new LifecycleTests(target);
        await check(test);
    }

    public static async Task Unknown(ContractTarget target, string operationId)
    {
        await using var test = new ErrorEnvelopeTests(target);
        await test.Unknown_resource_answers_the_404_envelope(operationId);
    }

    public static async Task Streamed(ContractTarget target)
    {
        await using var test = new StreamingTests(target);
        await test.Stream_is_valid_event_by_event("/v1/chat/completions", true, false);
    }
}
