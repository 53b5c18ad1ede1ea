using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Load;

/// <summary><c>report.json</c> reading and writing: snake_case names (DESIGN.md's <c>ttft_ms</c>, <c>p999</c>...), indented.</summary>
public static class ReportJson
{
    /// <summary>The serializer options of every report.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as JSON text.</summary>
    public static string Serialize(LoadReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a report.</summary>
    /// <exception cref="FormatException">Not a report this runner wrote.</exception>
    public static LoadReport Deserialize(string json)
    {
        try
        {
            var report = JsonSerializer.Deserialize<LoadReport>(json, Options) ?? throw new FormatException("empty report");
            return report.FormatVersion == 1 && report.Tool == "rostro-load"
                ? report
                : throw new FormatException($"not a rostro-load report of format 1 (tool '{report.Tool}', format {report.FormatVersion})");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid report JSON ({e.Message})", e);
        }
    }
}
