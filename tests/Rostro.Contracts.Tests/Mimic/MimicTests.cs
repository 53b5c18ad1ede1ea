using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Streaming;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Mimic;

/// <summary>The OpenAI mimic's rules: every route, the model rules, <c>n</c>, <c>max_tokens</c>/<c>stop</c> → <c>finish_reason</c>, usage consistent with the content.</summary>
[Trait("Category", "Mimic")]
[Trait("Category", "ReadOnly")]
public sealed class MimicTests(ContractTarget target) : ContractTest(target)
{
    /// <summary>Why the one-rule-per-request checks stay on a mock: on a live target the credit plan checks the same rules, several to a request.</summary>
    public const string PlanCovers = "one completions rule per request (on a live target the credit plan checks every rule, several to a request: CompletionsPlanTests)";

    public static TheoryData<string, bool> CompletionRoutes() => new()
    {
        { "/v1/chat/completions", true },
        { "/mythomax/v1/chat/completions", true },
        { "/chub/mythomax/v1/chat/completions", true },
        { "/v1/completions", false },
        { "/mythomax/v1/completions", false },
        { "/chub/mythomax/v1/completions", false },
    };

    public static JsonObject Request(bool chat, string? model = "mythomax") =>
        chat
            ? new JsonObject { ["model"] = model, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Tell me about dragons." }), ["max_completion_tokens"] = 24 }
            : new JsonObject { ["model"] = model, ["prompt"] = "Once upon a time", ["max_tokens"] = 24 };

    [ContractTheory]
    [InlineData("/v1/models", null)]
    [InlineData("/soji/v1/models", "soji")]
    [InlineData("/chub/asha/v1/models", "asha")]
    [Covers("listModels", "listModelsForModel", "listChubModels")]
    public async Task Models_route_lists_models_and_a_path_model_lists_only_itself(string path, string? model)
    {
        var answer = await Target.User().GetAsync(path, cancellationToken: Cancellation);

        answer.Should().Succeed();
        var ids = answer.Should().Keys("/data", "/id");
        if (model is null)
        {
            answer.Should().Hold(ContractRules.ShowsTheChange, ids.Count > 0, "the model list holds models", "an empty list", "/data");
        }
        else
        {
            answer.Should().Hold(CompletionsPlan.PathModelWins, ids.SequenceEqual([model]), $"the path's model ({model}) is the only one listed", $"models {string.Join(", ", ids)}", "/data");
        }
    }

    [ContractTheory(MockOnly = PlanCovers)]
    [MemberData(nameof(CompletionRoutes))]
    [Covers("createChatCompletion", "createChatCompletionForModel", "createChubChatCompletion", "createCompletion", "createCompletionForModel", "createChubCompletion")]
    public async Task Completion_route_answers_a_documented_completion(string path, bool chat)
    {
        var answer = await Target.User().PostAsync(path, Request(chat), cancellationToken: Cancellation);

        var text = Pointer.Text(answer.Json, chat ? "/choices/0/message/content" : "/choices/0/text");
        answer.Should().Succeed().And.Hold(ContractRules.ValidInputAccepted, !string.IsNullOrEmpty(text), "a completion has content", "no text", "/choices/0");
    }

    [ContractTheory(MockOnly = PlanCovers)]
    [InlineData("/soji/v1/chat/completions", true)]
    [InlineData("/chub/soji/v1/chat/completions", true)]
    [InlineData("/soji/v1/completions", false)]
    [InlineData("/chub/soji/v1/completions", false)]
    public Task Model_in_the_path_wins_over_the_body(string path, bool chat) =>
        OneRuleAsync(path, chat, Request(chat, model: "asha"), CompletionsPlan.PathModelWins, pathModel: "soji");

    [ContractTheory(MockOnly = PlanCovers)]
    [InlineData("/v1/chat/completions", true, "gpt-4")]
    [InlineData("/v1/chat/completions", true, null)]
    [InlineData("/v1/completions", false, "gpt-4")]
    [InlineData("/v1/completions", false, null)]
    public Task Unknown_or_missing_model_is_refused_at_body_model(string path, bool chat, string? model)
    {
        var body = Request(chat, model);
        if (model is null)
        {
            body.Remove("model");
        }

        return OneRuleAsync(path, chat, body, model is null ? CompletionsPlan.MissingModelRefused : CompletionsPlan.UnknownModelRefused);
    }

    [ContractTheory(MockOnly = PlanCovers)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/completions", false)]
    public Task n_choices_are_answered_each_with_its_index(string path, bool chat)
    {
        var body = Request(chat);
        body["n"] = 3;
        return OneRuleAsync(path, chat, body, CompletionsPlan.Choices);
    }

    [ContractTheory(MockOnly = PlanCovers)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/completions", false)]
    public Task Token_limit_ends_the_answer_with_finish_reason_length(string path, bool chat)
    {
        var body = Request(chat);
        body[chat ? "max_completion_tokens" : "max_tokens"] = 3;
        return OneRuleAsync(path, chat, body, CompletionsPlan.TokenLimit);
    }

    [ContractTheory(MockOnly = PlanCovers)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/completions", false)]
    public Task Stop_sequence_ends_the_answer_before_it_with_finish_reason_stop(string path, bool chat)
    {
        var body = Request(chat);
        body[chat ? "max_completion_tokens" : "max_tokens"] = 200;
        body["stop"] = new JsonArray(CompletionsPlan.StopText);
        return OneRuleAsync(path, chat, body, CompletionsPlan.StopSequence);
    }

    [ContractTheory(MockOnly = PlanCovers)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/completions", false)]
    public async Task Usage_is_consistent_with_the_content(string path, bool chat)
    {
        var body = Request(chat);
        body["seed"] = 7;

        var answer = await OneRuleAsync(path, chat, body, CompletionsPlan.UsageConsistent);

        // The mock counts with the tokenizer its stream uses: the same request streamed has that many content events.
        var completion = Pointer.Integer(answer.Json, "/usage/completion_tokens");
        var streamed = body.DeepClone().AsObject();
        streamed["stream"] = true;
        var stream = await StreamRequests.StreamAsync(Target.User(), path, streamed, new StreamExpectation(chat), cancellationToken: Cancellation);
        var events = stream.ShouldBeValid().ContentDeltas();
        stream.Exchange.Should().Hold(CompletionsPlan.UsageConsistent, events == completion, "the mock streams one content event per token it counts", $"{events} content events for completion_tokens {completion}");
    }

    // One rule per request, held by the same check as the credit plan's (CompletionsPlan.Check).
    private async Task<Exchange> OneRuleAsync(string path, bool chat, JsonObject body, string rule, string? pathModel = null)
    {
        var planned = new PlannedCompletion($"one rule: {rule}", path, chat, body, pathModel, [rule], rule);
        var answer = await Target.User().PostAsync(path, body.DeepClone(), cancellationToken: Cancellation);
        var refusal = rule is CompletionsPlan.UnknownModelRefused or CompletionsPlan.MissingModelRefused;
        answer.Should().MatchContract(answer.Operation, refusal ? [422] : [200], CompletionsPlan.Check(planned, answer, null));
        return answer;
    }
}
