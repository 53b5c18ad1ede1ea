using System.Globalization;
using System.Text;
using Rostro.Client;

namespace Rostro.MockServer.Mimic;

/// <summary>Turns a validated request (the spec's wire model) into a <see cref="CompletionPlan"/>: the text of every choice, its finish reason and its token counts.</summary>
/// <remarks>
/// Deterministic: the text depends only on the server seed, the body's <c>seed</c>, the model, the prompt and the choice
/// index. Length: <c>outputTokens</c> when set (exactly that many), else a natural length of 40-120 tokens drawn from the
/// prompt, ending at a sentence end (<c>finish_reason: stop</c>); <c>max_completion_tokens</c>/<c>max_tokens</c> cut it
/// (<c>length</c>); a <c>stop</c> sequence cuts it before the sequence (<c>stop</c>).
/// Prompt tokens: chat counts the text of every message (string content, text parts, names); text counts the prompt and
/// the <c>suffix</c>; token-ID prompts count their IDs.
/// </remarks>
internal static class CompletionPlanner
{
    private const int NaturalMinimum = 40;
    private const int NaturalMaximum = 120;

    /// <summary>Most token entries one request may ask the mimic to generate: choices × tokens per choice (echo included), × (1 + alternatives) with logprobs.</summary>
    /// <remarks>Without it a 116-byte request (<c>n: 128</c>, <c>X-Mock-Output-Tokens: 100000</c>, <c>logprobs</c>) built a 237 MB body and took 650 MB.
    /// At this bound the largest JSON answer is about 20 MB.</remarks>
    public const long MaxTokenEntriesPerRequest = 262_144;

    /// <summary>The most token entries a request's plan can hold, computed from the body before anything is generated (see <see cref="MaxTokenEntriesPerRequest"/>).</summary>
    /// <returns>The work and how it was reckoned, for the 422's message.</returns>
    public static (long Entries, string Reckoning) RequestedWork(object request, int outputTokens, int defaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chat = request as CreateChatCompletionRequest;
        var text = request as CreateCompletionRequest;
        long n = Math.Max(chat?.N ?? text?.N ?? 1, 1);
        long limit = chat is not null
            ? chat.MaxCompletionTokens ?? LegacyMaxTokens(chat) ?? long.MaxValue
            : text?.MaxTokens ?? defaultMaxTokens;

        // Natural answers end at a sentence end within sixty tokens of their target (TextSynthesizer).
        var generated = Math.Min(outputTokens > 0 ? outputTokens : NaturalMaximum + 60, Math.Max(limit, 0));
        var choices = n;
        var echo = 0L;
        var alternatives = 0L;
        if (chat is not null)
        {
            alternatives = chat.Logprobs == true ? chat.TopLogprobs ?? 0 : -1;
        }
        else if (text is not null)
        {
            var prompts = Prompts(text.Prompt);
            choices = n * Math.Max(prompts.Count, 1);
            echo = text.Echo == true && prompts.Count > 0 ? prompts.Max(p => p.Tokens) : 0;
            alternatives = text.Logprobs ?? -1;
        }

        var perEntry = alternatives >= 0 ? 1 + alternatives : 1;
        var entries = choices * (generated + echo) * perEntry;
        var reckoning = $"{choices} choices × {generated + echo} tokens{(alternatives >= 0 ? $" × {perEntry} (the token and its {alternatives} alternatives)" : string.Empty)}";
        return (entries, reckoning);
    }

    /// <summary>Plans a chat completion.</summary>
    public static CompletionPlan PlanChat(CreateChatCompletionRequest body, string model, int serverSeed, int outputTokens, long requestNumber, long created)
    {
        ArgumentNullException.ThrowIfNull(body);
        var prompt = new StringBuilder();
        var promptTokens = 0;
        var lastUser = string.Empty;
        var parts = new List<string>();
        foreach (var message in body.Messages ?? [])
        {
            var role = message.Role.ToString() ?? string.Empty;
            var text = MessageText(message.Content);
            var name = message.Name;
            promptTokens += MimicTokenizer.Count(text) + MimicTokenizer.Count(name);
            parts.AddRange(name is null ? [text] : [name, text]);
            prompt.Append(role).Append(':').Append(name).Append(':').Append(text).Append('\n');
            if (message.Role == ChatCompletionRequestMessageRole.User)
            {
                lastUser = text;
            }
        }

        var seed = PromptSeed(serverSeed, body.Seed, model, prompt.ToString());
        var n = body.N ?? 1;
        var limit = body.MaxCompletionTokens ?? LegacyMaxTokens(body) ?? int.MaxValue;
        var stops = StopSequences(body.Stop);
        var function = ToolCallComposer.Choose(body.Tools, body.ToolChoice, lastUser);

        var choices = new List<PlannedChoice>(n);
        for (var i = 0; i < n; i++)
        {
            var choiceSeed = ChoiceSeed(seed, i);
            if (function is not null)
            {
                var arguments = ToolCallComposer.Arguments(function, lastUser, choiceSeed);
                var call = new PlannedToolCall(
                    "call_" + Identifier(choiceSeed, requestNumber, 24),
                    function.Name,
                    MimicTokenizer.Split(arguments));
                choices.Add(new PlannedChoice { Index = i, Tokens = [], FinishReason = "tool_calls", ToolCall = call });
                continue;
            }

            choices.Add(TextChoice(i, choiceSeed, outputTokens, limit, stops, echo: string.Empty));
        }

        return new CompletionPlan
        {
            Api = MimicApi.Chat,
            Id = "chatcmpl-" + Identifier(seed, requestNumber, 29),
            Created = created,
            Model = model,
            PromptTokens = promptTokens,
            PromptParts = parts,
            Choices = choices,
            Stream = body.Stream == true,
            IncludeUsage = body.StreamOptions?.IncludeUsage == true,
            Logprobs = body.Logprobs == true,
            TopLogprobs = body.TopLogprobs ?? 0,
            Seed = seed,
        };
    }

    /// <summary>Plans a (legacy) text completion: one group of <c>n</c> choices per prompt.</summary>
    public static CompletionPlan PlanText(CreateCompletionRequest body, string model, int serverSeed, int outputTokens, long requestNumber, long created, int defaultMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(body);
        var prompts = Prompts(body.Prompt);
        var suffix = body.Suffix;
        var bodySeed = body.Seed;
        var n = body.N ?? 1;
        var limit = body.MaxTokens ?? defaultMaxTokens;
        var stops = StopSequences(body.Stop);
        var echo = body.Echo == true;
        var logprobs = body.Logprobs;
        var promptTokens = prompts.Sum(p => p.Tokens) + (MimicTokenizer.Count(suffix) * prompts.Count);

        var requestSeed = PromptSeed(serverSeed, bodySeed, model, string.Join('\u0001', prompts.Select(p => p.Text)), suffix);
        var choices = new List<PlannedChoice>(prompts.Count * n);
        for (var p = 0; p < prompts.Count; p++)
        {
            // Each prompt's text depends on that prompt alone, as if it had been sent by itself.
            var promptSeed = PromptSeed(serverSeed, bodySeed, model, prompts[p].Text, suffix);
            for (var i = 0; i < n; i++)
            {
                var choiceSeed = ChoiceSeed(promptSeed, i);
                choices.Add(TextChoice((p * n) + i, choiceSeed, outputTokens, limit, stops, echo ? prompts[p].Text : string.Empty, continuation: true));
            }
        }

        return new CompletionPlan
        {
            Api = MimicApi.Text,
            Id = "cmpl-" + Identifier(requestSeed, requestNumber, 29),
            Created = created,
            Model = model,
            PromptTokens = promptTokens,
            PromptParts = [.. prompts.SelectMany(p => new[] { p.Text, suffix ?? string.Empty })],
            Choices = choices,
            Stream = body.Stream == true,
            IncludeUsage = body.StreamOptions?.IncludeUsage == true,
            Logprobs = logprobs is not null,
            TopLogprobs = logprobs ?? 0,
            Seed = requestSeed,
        };
    }

    // Deprecated in the spec (as in OpenAI's), still honoured when max_completion_tokens is absent.
#pragma warning disable CS0612
    private static int? LegacyMaxTokens(CreateChatCompletionRequest chat) => chat.MaxTokens;
#pragma warning restore CS0612

    // Same server seed, body seed, model and prompt (parts), same seed: what makes an answer deterministic.
    private static ulong PromptSeed(int serverSeed, long? bodySeed, string model, params ReadOnlySpan<string?> prompt) =>
        MimicRandom.Hash([serverSeed.ToString(CultureInfo.InvariantCulture), bodySeed?.ToString(CultureInfo.InvariantCulture), model, .. prompt]);

    private static ulong ChoiceSeed(ulong parent, int index) =>
        MimicRandom.Hash(parent.ToString(CultureInfo.InvariantCulture), index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The natural length of an answer for this seed: 40-120 tokens.</summary>
    public static int NaturalLength(ulong seed) => NaturalMinimum + new MimicRandom(seed ^ 0x5DEECE66DUL).Next(NaturalMaximum - NaturalMinimum + 1);

    private static PlannedChoice TextChoice(int index, ulong seed, int outputTokens, int limit, IReadOnlyList<string> stops, string echo, bool continuation = false)
    {
        var exact = outputTokens > 0;
        var (tokens, hitLimit) = TextSynthesizer.Generate(seed, exact ? outputTokens : NaturalLength(seed), limit, exact);
        if (continuation && tokens.Count > 0 && !tokens[0].StartsWith(' '))
        {
            // A continuation of the prompt starts a new word: " The", as OpenAI's completions do.
            tokens[0] = " " + tokens[0];
        }

        var finish = hitLimit ? "length" : "stop";
        string? stopSequence = null;
        if (stops.Count > 0)
        {
            var text = string.Concat(tokens);
            var cut = -1;
            foreach (var stop in stops)
            {
                var at = text.IndexOf(stop, StringComparison.Ordinal);
                if (at >= 0 && (cut < 0 || at < cut))
                {
                    cut = at;
                    stopSequence = stop;
                }
            }

            if (cut >= 0)
            {
                tokens = MimicTokenizer.Split(text[..cut]);
                finish = "stop";
            }
        }

        return new PlannedChoice { Index = index, Tokens = tokens, FinishReason = finish, Echo = echo, StopSequence = stopSequence };
    }

    private static string MessageText(ChatMessageContent? content) => content switch
    {
        { Parts: { } parts } => string.Join("\n", parts.Select(p => p.Text).OfType<string>()),
        _ => content?.Text ?? string.Empty,
    };

    private static List<string> StopSequences(StopSequences? stop) => stop?.Sequences.Where(s => s.Length > 0).ToList() ?? [];

    // A prompt is a text, several texts, token IDs, or several lists of token IDs; IDs are read back as the chain's tokens.
    private static List<(string Text, int Tokens)> Prompts(CompletionPrompt? prompt)
    {
        static (string, int) FromIds(IReadOnlyCollection<int> ids) => (string.Concat(ids.Select(id => TextSynthesizer.TokenForId(id))), ids.Count);

        switch (prompt?.Value)
        {
            case int[][] lists:
                return lists.Select(FromIds).ToList();
            case int[] ids:
                return [FromIds(ids)];
            case string[] texts:
                return texts.Select(t => (t, MimicTokenizer.Count(t))).ToList();
            default:
                var text = prompt?.Text ?? string.Empty;
                return [(text, MimicTokenizer.Count(text))];
        }
    }

    private static string Identifier(ulong seed, long requestNumber, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new MimicRandom(MimicRandom.Hash(seed.ToString(CultureInfo.InvariantCulture), requestNumber.ToString(CultureInfo.InvariantCulture)));
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
