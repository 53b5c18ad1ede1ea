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
            // The defaults of LoadReport would make any JSON object look like a report: the file must say what it is.
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.String || tool.GetString() != "rostro-load"
                    || !root.TryGetProperty("format_version", out var version) || version.ValueKind != JsonValueKind.Number
                    || !version.TryGetInt32(out var number) || number is not (LoadReport.RunFormatVersion or LoadReport.SweepFormatVersion))
                {
                    throw new FormatException("not a rostro-load report (format 1, or 2 for a sweep): it lacks \"tool\": \"rostro-load\" and \"format_version\": 1 or 2");
                }
            }

            var report = JsonSerializer.Deserialize<LoadReport>(json, Options) ?? throw new FormatException("empty report");

            // A hand-edited or cut file: what the merge walks must be there, or it is not a report this runner wrote.
            if (report.Scenarios is null || report.Scenarios.Any(s => s is null)
                || (report.FormatVersion == LoadReport.SweepFormatVersion) != (report.Sweep is not null)
                || report.Sweep is { } sweep && (sweep.Steps is null || sweep.Steps.Any(step => step?.Scenario is null)))
            {
                throw new FormatException($"incomplete report: format {report.FormatVersion} with{(report.Sweep is null ? "out" : string.Empty)} a sweep, or a scenario or sweep step missing");
            }

            return report;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid report JSON ({e.Message})", e);
        }
    }
}
