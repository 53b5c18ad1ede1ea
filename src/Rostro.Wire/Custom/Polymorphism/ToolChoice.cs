using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary><c>tool_choice</c>: <c>none</c>, <c>auto</c>, <c>required</c>, or a named function to call (the spec's <c>oneOf</c>).</summary>
[JsonConverter(typeof(ToolChoiceConverter))]
public sealed class ToolChoice
{
    private ToolChoice(string? mode, ChatCompletionNamedToolChoice? named)
    {
        Mode = mode;
        Named = named;
    }

    /// <summary>The mode (<c>none</c>, <c>auto</c> or <c>required</c>), unless a function is named.</summary>
    public string? Mode { get; }

    /// <summary>The function the model must call, when one is named.</summary>
    public ChatCompletionNamedToolChoice? Named { get; }

    /// <summary>The model calls no tool.</summary>
    public static ToolChoice None { get; } = new("none", null);

    /// <summary>The model decides.</summary>
    public static ToolChoice Auto { get; } = new("auto", null);

    /// <summary>The model must call at least one tool.</summary>
    public static ToolChoice Required { get; } = new("required", null);

    /// <summary>The model must call this function.</summary>
    public static ToolChoice Function(string name) => new(null, new ChatCompletionNamedToolChoice
    {
        Type = ChatCompletionNamedToolChoiceType.Function,
        Function = new Function { Name = name ?? throw new ArgumentNullException(nameof(name)) },
    });

    /// <inheritdoc />
    public override string ToString() => Mode ?? $"function {Named!.Function.Name}";

    private sealed class ToolChoiceConverter : UnionConverter<ToolChoice>
    {
        protected override ToolChoice? Read(JsonElement element, JsonSerializerOptions options) => element.ValueKind switch
        {
            JsonValueKind.String => new ToolChoice(element.GetString(), null),
            JsonValueKind.Object => new ToolChoice(null, element.Deserialize<ChatCompletionNamedToolChoice>(options)),
            _ => null,
        };

        protected override object Branch(ToolChoice value) => (object?)value.Mode ?? value.Named!;
    }
}
