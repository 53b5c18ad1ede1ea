using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>
/// Reads and writes an extensible enum (Templates/Enum.liquid) as its wire string, whatever the string: a value the spec does
/// not list yet is kept, not rejected.
/// </summary>
internal abstract class ExtensibleEnumConverter<T> : JsonConverter<T>
    where T : struct
{
    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? FromWire(reader.GetString()!)
            : throw new JsonException($"{typeof(T).Name} is a JSON string, not a {reader.TokenType}.");

    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // default(T) has no wire value: null says "unset" on the wire instead of inventing one.
        if (ToWire(value) is { } wire)
        {
            writer.WriteStringValue(wire);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    protected abstract T FromWire(string value);

    protected abstract string? ToWire(T value);
}
