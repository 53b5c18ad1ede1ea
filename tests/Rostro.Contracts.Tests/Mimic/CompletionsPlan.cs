using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Streaming;

namespace Rostro.Contracts.Tests.Mimic;

/// <summary>One request of the completions plan: a route, a body, and every rule the one answer is held to.</summary>
/// <param name="Key">Its entry in the credit plan.</param>
/// <param name="Path">The completions route.</param>
/// <param name="Chat">Chat completions (else text completions).</param>
/// <param name="Body">What is sent.</param>
/// <param name="PathModel">The model the path names, which wins over the body's (null on <c>/v1</c>).</param>
/// <param name="Rules">The rules it checks (<see cref="CompletionsPlan.Rules"/>).</param>
/// <param name="What">What it checks, in words (the run's start lists what the credits buy).</param>
public sealed record PlannedCompletion(string Key, string Path, bool Chat, JsonObject Body, string? PathModel, IReadOnlyList<string> Rules, string What)
{
    public bool Stream => Body["stream"]?.GetValue<bool>() == true;

    public int Choices => Body["n"]?.GetValue<int>() ?? 1;

    public bool IncludeUsage => Body["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
}

/// <summary>Every completions and stream rule, checked within ten credits: eight requests on the six routes, each checking several rules on one answer.</summary>
/// <remarks>
/// On a live target these are the only completions requests with a credential (each is an entry of the credit plan); on a
/// mock they run beside the one-rule-per-test checks of <see cref="MimicTests"/> and <see cref="StreamingTests"/>.
/// Every streamed answer is also held to every per-event rule of <see cref="StreamContract"/>.
/// </remarks>
public static class CompletionsPlan
{
    public const string PathModelWins = "path-model-wins";
    public const string UnknownModelRefused = "unknown-model-refused";
    public const string MissingModelRefused = "missing-model-refused";
    public const string Choices = "n-choices";
    public const string TokenLimit = "max-tokens-finish-length";
    public const string StopSequence = "stop-finish-stop";
    public const string UsageConsistent = "usage-consistent";
    public const string UsageWhenAsked = "stream-usage-only-when-asked";
    public const string EventRules = "stream-event-rules";

    /// <summary>Every rule of the mimic the plan must check, with what it says.</summary>
    public static IReadOnlyDictionary<string, string> Rules { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PathModelWins] = "a model in the path wins over the body's",
        [UnknownModelRefused] = "/v1 refuses an unknown model with 422 at body/model (the operation's description, CURATION 16)",
        [MissingModelRefused] = "/v1 refuses a request without a model with 422 at body/model (the operation's description, CURATION 16)",
        [Choices] = "n choices are answered, each with its index and its own finish_reason",
        [TokenLimit] = "a token limit that cuts a choice ends it with finish_reason length, and usage counts no more than the limit",
        [StopSequence] = "a stop sequence ends a choice before it, with finish_reason stop",
        [UsageConsistent] = "usage: total_tokens = prompt_tokens + completion_tokens; prompt_tokens positive; completion_tokens positive when content came",
        [UsageWhenAsked] = "a stream carries usage only when stream_options.include_usage asks, then last, with empty choices",
        [EventRules] = "every event of a stream: its chunk schema, role first, one finish_reason per choice, [DONE] last and nothing after, no cut, no stall",
    };

    // A letter nearly every answer holds within 200 tokens, so the stop rule is about text that was really cut (CURATION 33).
    public const string StopText = "e";

    private static JsonArray Messages() => new(new JsonObject { ["role"] = "user", ["content"] = "Tell me about dragons." });

    /// <summary>The requests, in the order credits buy them.</summary>
    public static IReadOnlyList<PlannedCompletion> Requests { get; } =
    [
        new("completions-chat-stream", "/soji/v1/chat/completions", true,
            new JsonObject { ["model"] = "asha", ["messages"] = Messages(), ["stream"] = true, ["n"] = 2, ["max_completion_tokens"] = 3, ["stream_options"] = new JsonObject { ["include_usage"] = true } },
            "soji", [PathModelWins, Choices, TokenLimit, UsageWhenAsked, UsageConsistent, EventRules],
            "POST /{model}/v1/chat/completions, streamed, n=2, 3 tokens, usage asked: path model, n, length, usage, every event rule"),
        new("completions-text-stream", "/v1/completions", false,
            new JsonObject { ["model"] = "mythomax", ["prompt"] = "Once upon a time", ["stream"] = true, ["max_tokens"] = 3 },
            null, [TokenLimit, UsageWhenAsked, EventRules],
            "POST /v1/completions, streamed, 3 tokens, usage not asked: length, no usage, every event rule"),
        new("completions-chub-chat-stream", "/chub/mythomax/v1/chat/completions", true,
            new JsonObject { ["model"] = "asha", ["messages"] = Messages(), ["stream"] = true, ["max_completion_tokens"] = 200, ["stop"] = new JsonArray(StopText) },
            "mythomax", [PathModelWins, StopSequence, EventRules],
            "POST /chub/{model}/v1/chat/completions, streamed, stop \"e\": path model, stop, every event rule"),
        new("completions-chat", "/v1/chat/completions", true,
            new JsonObject { ["model"] = "mythomax", ["messages"] = Messages(), ["n"] = 2, ["max_completion_tokens"] = 200, ["stop"] = new JsonArray(StopText) },
            null, [Choices, StopSequence, UsageConsistent],
            "POST /v1/chat/completions, n=2, stop \"e\": n, stop, usage"),
        new("completions-chub-text", "/chub/soji/v1/completions", false,
            new JsonObject { ["model"] = "asha", ["prompt"] = "Once upon a time", ["n"] = 2, ["max_tokens"] = 3 },
            "soji", [PathModelWins, Choices, TokenLimit, UsageConsistent],
            "POST /chub/{model}/v1/completions, n=2, 3 tokens: path model, n, length, usage"),
        new("completions-model-text", "/mythomax/v1/completions", false,
            new JsonObject { ["model"] = "asha", ["prompt"] = "Once upon a time", ["max_tokens"] = 200, ["stop"] = new JsonArray(StopText) },
            "mythomax", [PathModelWins, StopSequence, UsageConsistent],
            "POST /{model}/v1/completions, stop \"e\": path model, stop, usage"),
        new("completions-unknown-model", "/v1/chat/completions", true,
            new JsonObject { ["model"] = "gpt-4", ["messages"] = Messages(), ["max_completion_tokens"] = 3 },
            null, [UnknownModelRefused],
            "POST /v1/chat/completions with model gpt-4: refused"),
        new("completions-missing-model", "/v1/completions", false,
            new JsonObject { ["prompt"] = "Once upon a time", ["max_tokens"] = 3 },
            null, [MissingModelRefused],
            "POST /v1/completions without a model: refused"),
    ];

    /// <summary>The rules an answer (and, when it streamed, its events) breaks; empty when it meets every rule it checks.</summary>
    public static List<ContractFailure> Check(PlannedCompletion planned, Exchange answer, StreamReport? stream)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(answer);
        var failures = new List<ContractFailure>();
        void Rule(string rule, bool holds, string message, string? pointer = null)
        {
            if (!holds)
            {
                failures.Add(new(rule, message, pointer));
            }
        }

        if (planned.Rules.Contains(UnknownModelRefused) || planned.Rules.Contains(MissingModelRefused))
        {
            var loc = (answer.Json?["detail"] as JsonArray ?? []).Any(d => d?["loc"] is JsonArray l && string.Join('/', l.Select(s => s?.ToString())) == "body/model");
            Rule(planned.Rules[0], answer.Status == 422 && loc, $"{Rules[planned.Rules[0]]}: answered {answer.Status}{(answer.Status == 422 ? " without a detail entry at body/model" : string.Empty)}", "/detail");
            return failures;
        }

        // Per choice: what it said, how it ended, and how many content pieces it took.
        var choices = Enumerable.Range(0, planned.Choices).Select(i => stream is null
            ? (Text: Choice(answer, i, planned.Chat), Finish: Pointer.Text(answer.Json, $"/choices/{i}/finish_reason"))
            : (Text: stream.Content(i), Finish: stream.FinishReasonOf(i))).ToList();
        var models = stream is null ? [Pointer.Text(answer.Json, "/model")] : stream.Events.Where(e => e.Json is not null).Select(e => Pointer.Text(e.Json, "/model")).Distinct().ToList();
        var usage = stream is null ? answer.Json?["usage"] as JsonObject : stream.UsageReported;

        foreach (var rule in planned.Rules)
        {
            switch (rule)
            {
                case PathModelWins:
                    Rule(rule, models.Count > 0 && models.All(m => m == planned.PathModel), $"{Rules[rule]}: the path names {planned.PathModel} and the body {planned.Body["model"]}, the answer says {string.Join(", ", models.Select(m => m ?? "(none)"))}", "/model");
                    break;
                case Choices:
                    var indexes = stream is null
                        ? (answer.Json?["choices"] as JsonArray ?? []).Select(c => Pointer.Integer(c, "/index") ?? -1).Order().ToList()
                        : Enumerable.Range(0, planned.Choices).Where(i => stream.FinishReasonOf(i) is not null).ToList();
                    Rule(rule, indexes.SequenceEqual(Enumerable.Range(0, planned.Choices)), $"{Rules[rule]}: n was {planned.Choices}, the answer has choices {string.Join(", ", indexes)}", "/choices");
                    break;
                case TokenLimit:
                    var limit = (planned.Body["max_completion_tokens"] ?? planned.Body["max_tokens"])!.GetValue<int>();
                    // How many tokens an event carries is the server's business: the limit is read from finish_reason and usage.
                    // A choice may end on its own within the limit (stop), when usage shows the limit was not reached.
                    var counted = Pointer.Integer(usage, "/completion_tokens");
                    foreach (var (choice, i) in choices.Select((c, i) => (c, i)))
                    {
                        var ended = choice.Finish == "length" || (choice.Finish == "stop" && counted is { } n && n < limit * planned.Choices);
                        Rule(rule, ended, $"{Rules[rule]}: choice {i} ended with {choice.Finish ?? "no finish_reason"}{(counted is null ? string.Empty : $" after {counted} completion tokens")} for a limit of {limit}", $"/choices/{i}/finish_reason");
                    }

                    if (counted is { } completion)
                    {
                        Rule(rule, completion <= limit * planned.Choices, $"{Rules[rule]}: usage.completion_tokens is {completion} for a limit of {limit} × {planned.Choices} choices", "/usage/completion_tokens");
                    }

                    break;
                case StopSequence:
                    foreach (var (choice, i) in choices.Select((c, i) => (c, i)))
                    {
                        Rule(rule, choice.Finish == "stop", $"{Rules[rule]}: choice {i} ended with {choice.Finish ?? "no finish_reason"}", $"/choices/{i}/finish_reason");
                        Rule(rule, !choice.Text.Contains(StopText, StringComparison.Ordinal), $"{Rules[rule]}: choice {i} goes on past the stop sequence \"{StopText}\": \"{Snippet(choice.Text)}\"", $"/choices/{i}");
                    }

                    break;
                case UsageConsistent:
                    var (prompt, completionTokens, total) = (Pointer.Integer(usage, "/prompt_tokens"), Pointer.Integer(usage, "/completion_tokens"), Pointer.Integer(usage, "/total_tokens"));
                    var content = choices.Any(c => c.Text.Length > 0);
                    Rule(rule, prompt > 0 && completionTokens >= (content ? 1 : 0) && total == prompt + completionTokens, $"{Rules[rule]}: usage is {usage?.ToJsonString() ?? "absent"}{(content ? " and content came" : string.Empty)}", "/usage");
                    break;
                case UsageWhenAsked:
                    Rule(rule, (stream?.UsageReported is not null) == planned.IncludeUsage, $"{Rules[rule]}: include_usage was {planned.IncludeUsage.ToString().ToLowerInvariant()}, and the stream {(stream?.UsageReported is null ? "carried no usage" : "carried usage")}", "/usage");
                    break;
                case EventRules:
                    failures.AddRange(stream?.Failures ?? [new(StreamContract.Cut, "the answer is no event stream")]);
                    break;
            }
        }

        return failures;
    }

    private static string Choice(Exchange answer, int index, bool chat) =>
        Pointer.At(answer.Json, chat ? $"/choices/{index}/message/content" : $"/choices/{index}/text") is JsonValue text && text.TryGetValue<string>(out var value) ? value : string.Empty;

    private static string Snippet(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
