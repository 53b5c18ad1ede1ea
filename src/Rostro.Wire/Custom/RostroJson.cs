using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>JSON settings every generated client uses (wired in through nswag.json's <c>jsonSerializerSettingsTransformationMethod</c>).</summary>
public static class RostroJson
{
    /// <summary>How the mock and the WireMock stubs write these models: as the client does (<see cref="Configure"/>), compact, non-ASCII text as it is, times in UTC with a <c>Z</c> as the spec's examples write them.</summary>
    public static JsonSerializerOptions ServerOptions { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.General)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        Converters = { new UtcTimestampConverter() },
    });

    /// <summary>
    /// Leaves unset properties off the wire instead of sending <c>null</c>: most optional fields of the spec are not
    /// nullable, so a <c>null</c> would be a schema violation (422), and an absent field lets the server apply its default.
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
