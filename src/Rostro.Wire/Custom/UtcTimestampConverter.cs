using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>Writes a <see cref="DateTimeOffset"/> as the API and its examples do, in UTC with a <c>Z</c> (<c>2026-01-15T10:00:00Z</c>, fractions only when there are some); reads any RFC 3339 time.</summary>
/// <remarks>System.Text.Json's own writes a zero offset as <c>+00:00</c>: valid, but not the spec's examples, nor what the WireMock stubs serve.</remarks>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
