using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rostro.Contracts.Tests.Streaming;

/// <summary>TTFT and inter-token gaps of every stream the run read: recorded, never asserted against a live target; written as contract-stream-timings.json.</summary>
public sealed class StreamTimings
{
    private readonly ConcurrentQueue<JsonObject> _streams = new();

    public int Count => _streams.Count;

    /// <summary>Records one stream; returns the line the test prints.</summary>
    public string Record(string test, StreamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var gaps = report.InterTokenGapsMs.Order().ToList();
        var entry = new JsonObject
        {
            ["test"] = test,
            ["operationId"] = report.Operation.OperationId,
            ["events"] = report.Events.Count,
            ["ttftMs"] = report.TimeToFirstToken is { } ttft ? Math.Round(ttft.TotalMilliseconds, 2) : null,
            ["interTokenGapMs"] = new JsonObject
            {
                ["count"] = gaps.Count,
                ["p50"] = Percentile(gaps, 0.50),
                ["p90"] = Percentile(gaps, 0.90),
                ["p99"] = Percentile(gaps, 0.99),
                ["max"] = gaps.Count == 0 ? null : Math.Round(gaps[^1], 2),
            },
        };
        _streams.Enqueue(entry);
        return string.Create(CultureInfo.InvariantCulture, $"{report.Operation.OperationId}: {report.Events.Count} events, TTFT {entry["ttftMs"]?.ToString() ?? "-"} ms, inter-token gap p50 {entry["interTokenGapMs"]!["p50"]?.ToString() ?? "-"} ms, max {entry["interTokenGapMs"]!["max"]?.ToString() ?? "-"} ms");
    }

    public string ToJson(string target) =>
        new JsonObject { ["target"] = target, ["streams"] = new JsonArray([.. _streams.Select(s => (JsonNode)s.DeepClone())]) }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 2);
}
