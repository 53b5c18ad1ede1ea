using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>Shared plumbing of the union converters: read a value as a <see cref="JsonElement"/>, write a chosen branch.</summary>
internal abstract class UnionConverter<T> : JsonConverter<T>
    where T : class
{
    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return Read(document.RootElement, options)
            ?? throw new JsonException($"{typeof(T).Name} cannot be read from a JSON {document.RootElement.ValueKind}.");
    }

    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, Branch(value), options);

    /// <summary>The value of the JSON, or null when it matches no branch.</summary>
    protected abstract T? Read(JsonElement element, JsonSerializerOptions options);

    /// <summary>The object whose serialisation is the value's JSON.</summary>
    protected abstract object Branch(T value);
}
