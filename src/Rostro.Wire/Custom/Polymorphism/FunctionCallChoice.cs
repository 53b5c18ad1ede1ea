using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>The deprecated request <c>function_call</c>: <c>none</c>, <c>auto</c>, or <c>{"name": ...}</c> (the spec's <c>oneOf</c>).</summary>
[JsonConverter(typeof(FunctionCallChoiceConverter))]
public sealed class FunctionCallChoice
{
    private FunctionCallChoice(string? mode, string? name)
    {
        Mode = mode;
        Name = name;
    }

    /// <summary>The mode (<c>none</c> or <c>auto</c>), unless a function is named.</summary>
    public string? Mode { get; }

    /// <summary>The function the model must call, when one is named.</summary>
    public string? Name { get; }

    /// <summary>The model calls no function.</summary>
    public static FunctionCallChoice None { get; } = new("none", null);

    /// <summary>The model decides.</summary>
    public static FunctionCallChoice Auto { get; } = new("auto", null);

    /// <summary>The model must call this function.</summary>
    public static FunctionCallChoice Function(string name) => new(null, name ?? throw new ArgumentNullException(nameof(name)));

    /// <inheritdoc />
    public override string ToString() => Mode ?? $"function {Name}";

    private sealed record NamedFunction([property: JsonPropertyName("name")] string Name);

    private sealed class FunctionCallChoiceConverter : UnionConverter<FunctionCallChoice>
    {
        protected override FunctionCallChoice? Read(JsonElement element, JsonSerializerOptions options) => element.ValueKind switch
        {
            JsonValueKind.String => new FunctionCallChoice(element.GetString(), null),
            JsonValueKind.Object when element.TryGetProperty("name", out var name) => new FunctionCallChoice(null, name.GetString()),
            _ => null,
        };

        protected override object Branch(FunctionCallChoice value) => (object?)value.Mode ?? new NamedFunction(value.Name!);
    }
}
