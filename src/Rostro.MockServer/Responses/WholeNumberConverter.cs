using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.MockServer.Responses;

/// <summary>Reads into the wire models' integer fields every number the spec's validation let through as an <c>integer</c>.</summary>
/// <remarks>
/// JSON Schema's <c>integer</c> is any whole number, <c>5.0</c> and <c>1e12</c> included, while NSwag types a field
/// without a <c>format</c> as <see cref="int"/>. A value past the field's range saturates at its bound, as the mock
/// always read them (a <c>max_tokens</c> of 10<sup>12</sup> is "no limit"), instead of failing the request with a 500.
/// </remarks>
internal static class WholeNumberConverter
{
    private static double Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a number, not {reader.TokenType}.");
        }

        var value = reader.GetDouble();
        return Math.Floor(value) == value ? value : throw new JsonException($"{value} is not a whole number.");
    }

    public sealed class Int32 : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var exact) ? exact : (int)Math.Clamp(WholeNumberConverter.Read(ref reader), int.MinValue, int.MaxValue);

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    public sealed class Int64 : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var exact) ? exact : (long)Math.Clamp(WholeNumberConverter.Read(ref reader), long.MinValue, long.MaxValue);

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }
}
