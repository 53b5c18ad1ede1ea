namespace Rostro.MockServer.Mimic;

/// <summary>Which of the two OpenAI APIs a request speaks.</summary>
internal enum MimicApi
{
    /// <summary><c>/chat/completions</c>: <c>ChatCompletion</c> and <c>ChatCompletionChunk</c>.</summary>
    Chat,

    /// <summary><c>/completions</c> (legacy): <c>Completion</c> objects, streamed too.</summary>
    Text,
}

/// <summary>Everything an answer will say, decided before the first byte is written, so the JSON body and the stream always agree.</summary>
internal sealed class CompletionPlan
{
    /// <summary>The API spoken.</summary>
    public required MimicApi Api { get; init; }

    /// <summary><c>chatcmpl-…</c> or <c>cmpl-…</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>The model answering (the path's when it names one).</summary>
    public required string Model { get; init; }

    /// <summary>Tokens of the prompt, counted with <see cref="MimicTokenizer"/>.</summary>
    public required int PromptTokens { get; init; }

    /// <summary>The texts <see cref="PromptTokens"/> counts, in order (each message's name and content; each prompt and its suffix): what the load model's prefix cache tokenizes and hashes.</summary>
    public IReadOnlyList<string> PromptParts { get; init; } = [];

    /// <summary>The choices, by index.</summary>
    public required IReadOnlyList<PlannedChoice> Choices { get; init; }

    /// <summary><c>stream: true</c>.</summary>
    public bool Stream { get; init; }

    /// <summary><c>stream_options.include_usage: true</c>.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>Chat: <c>logprobs: true</c>; text: <c>logprobs</c> is set (0-5).</summary>
    public bool Logprobs { get; init; }

    /// <summary>Alternatives per token: chat <c>top_logprobs</c>, text <c>logprobs</c>.</summary>
    public int TopLogprobs { get; init; }

    /// <summary>The seed the text was drawn from (jitter and faults draw from it too).</summary>
    public ulong Seed { get; init; }

    /// <summary>Generated tokens over all choices: what <c>usage.completion_tokens</c> reports.</summary>
    public int CompletionTokens => Choices.Sum(c => c.CompletionTokens);

    /// <summary>The most token steps any choice takes; the stream and the non-streamed answer both last this many inter-token gaps (less one).</summary>
    public int Steps => Choices.Count == 0 ? 0 : Choices.Max(c => c.Steps);
}

/// <summary>One choice of a <see cref="CompletionPlan"/>.</summary>
internal sealed class PlannedChoice
{
    /// <summary><c>choices[].index</c>.</summary>
    public required int Index { get; init; }

    /// <summary>Content tokens, in order (empty for a tool call).</summary>
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary><c>stop</c>, <c>length</c> or <c>tool_calls</c>.</summary>
    public required string FinishReason { get; init; }

    /// <summary>Text: the prompt, returned before the completion when <c>echo</c> is true; otherwise empty.</summary>
    public string Echo { get; init; } = string.Empty;

    /// <summary>The stop sequence that ended the text, when one did (<c>stop_reason</c>).</summary>
    public string? StopSequence { get; init; }

    /// <summary>The tool call this choice makes instead of text, if any.</summary>
    public PlannedToolCall? ToolCall { get; init; }

    /// <summary>The generated text.</summary>
    public string Text => string.Concat(Tokens);

    /// <summary>Tokens this choice generated: its content tokens, or the tool's name and arguments.</summary>
    public int CompletionTokens => ToolCall is { } call ? call.NameTokens + call.ArgumentTokens.Count : Tokens.Count;

    /// <summary>Stream steps: one per content token, or one for the call's name then one per argument token.</summary>
    public int Steps => ToolCall is { } call ? 1 + call.ArgumentTokens.Count : Tokens.Count;
}

/// <summary>A function call the answer makes.</summary>
/// <param name="Id"><c>call_…</c>.</param>
/// <param name="Name">The function's name.</param>
/// <param name="ArgumentTokens">The arguments' JSON text, as tokens (streamed one by one).</param>
internal sealed record PlannedToolCall(string Id, string Name, IReadOnlyList<string> ArgumentTokens)
{
    /// <summary>The arguments as one JSON text.</summary>
    public string Arguments => string.Concat(ArgumentTokens);

    /// <summary>Tokens of the name.</summary>
    public int NameTokens => MimicTokenizer.Count(Name);
}
