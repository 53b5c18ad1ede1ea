using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>The legacy completions <c>prompt</c>: a text, several texts, token IDs, or several token-ID lists (the spec's <c>oneOf</c>).</summary>
[JsonConverter(typeof(CompletionPromptConverter))]
public sealed class CompletionPrompt
{
    private CompletionPrompt(object value) => Value = value;

    /// <summary>The prompt as sent: a <see cref="string"/>, <c>string[]</c>, <c>int[]</c> or <c>int[][]</c>.</summary>
    public object Value { get; }

    /// <summary>The text, when the prompt is one string.</summary>
    public string? Text => Value as string;

    /// <summary>One text prompt.</summary>
    public static implicit operator CompletionPrompt(string text) => new(text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>Several text prompts.</summary>
    public static implicit operator CompletionPrompt(string[] texts) => new(texts ?? throw new ArgumentNullException(nameof(texts)));

    /// <summary>One prompt as token IDs.</summary>
    public static implicit operator CompletionPrompt(int[] tokens) => new(tokens ?? throw new ArgumentNullException(nameof(tokens)));

    /// <summary>Several prompts as token IDs.</summary>
    public static implicit operator CompletionPrompt(int[][] tokenLists) => new(tokenLists ?? throw new ArgumentNullException(nameof(tokenLists)));

    /// <inheritdoc />
    public override string ToString() => Text ?? JsonSerializer.Serialize(Value);

    private sealed class CompletionPromptConverter : UnionConverter<CompletionPrompt>
    {
        protected override CompletionPrompt? Read(JsonElement element, JsonSerializerOptions options)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return element.GetString()!;
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            // The first item decides the branch, as in OpenAI's description; an empty array is no valid prompt.
            var first = element.EnumerateArray().FirstOrDefault();
            return first.ValueKind switch
            {
                JsonValueKind.String => element.Deserialize<string[]>(options)!,
                JsonValueKind.Number => element.Deserialize<int[]>(options)!,
                JsonValueKind.Array => element.Deserialize<int[][]>(options)!,
                _ => null,
            };
        }

        protected override object Branch(CompletionPrompt value) => value.Value;
    }
}
