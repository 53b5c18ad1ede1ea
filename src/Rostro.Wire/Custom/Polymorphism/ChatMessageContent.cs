using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>
/// The <c>content</c> of a chat message: a text, or an array of content parts (the spec's <c>oneOf</c>).
/// A string converts implicitly, so <c>Content = "Hello"</c> reads as it does in OpenAI's JSON.
/// </summary>
[JsonConverter(typeof(ChatMessageContentConverter))]
public sealed class ChatMessageContent
{
    private ChatMessageContent(string? text, IReadOnlyList<ChatCompletionContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The text, when the content is a plain string.</summary>
    public string? Text { get; }

    /// <summary>The parts, when the content is an array of parts.</summary>
    public IReadOnlyList<ChatCompletionContentPart>? Parts { get; }

    /// <summary>Content that is a plain string.</summary>
    public static ChatMessageContent FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>Content made of parts (text, image, audio, refusal).</summary>
    public static ChatMessageContent FromParts(IEnumerable<ChatCompletionContentPart> parts) =>
        new(null, (parts ?? throw new ArgumentNullException(nameof(parts))).ToArray());

    /// <summary>Content that is a plain string.</summary>
    public static implicit operator ChatMessageContent(string text) => FromText(text);

    /// <summary>Content made of parts.</summary>
    public static implicit operator ChatMessageContent(ChatCompletionContentPart[] parts) => FromParts(parts);

    /// <inheritdoc />
    public override string ToString() => Text ?? string.Concat(Parts!.Select(p => p.Text));

    private sealed class ChatMessageContentConverter : UnionConverter<ChatMessageContent>
    {
        protected override ChatMessageContent? Read(JsonElement element, JsonSerializerOptions options) => element.ValueKind switch
        {
            JsonValueKind.String => FromText(element.GetString()!),
            JsonValueKind.Array => FromParts(element.Deserialize<ChatCompletionContentPart[]>(options)!),
            _ => null,
        };

        protected override object Branch(ChatMessageContent value) => (object?)value.Text ?? value.Parts!;
    }
}
