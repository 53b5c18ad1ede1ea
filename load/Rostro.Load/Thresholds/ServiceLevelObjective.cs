namespace Rostro.Load;

/// <summary>The per-request bounds goodput counts against, taken from the scenario's latency thresholds (<c>ttft_ms.p95 &lt; 800</c> → every request's TTFT &lt; 800 ms).</summary>
/// <remarks>As in vLLM's benchmark, goodput is requests per second that succeeded and met every bound; ITL is pooled across requests and has no per-request bound.</remarks>
public sealed class ServiceLevelObjective
{
    private readonly IReadOnlyList<Threshold> _bounds;

    /// <summary>The objective of a set of thresholds (those that bound TTFT, TPOT or E2E from above).</summary>
    public ServiceLevelObjective(IEnumerable<Threshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        _bounds = [.. thresholds.Where(t => t.IsPerRequestObjective)];
    }

    /// <summary>The bounds, as text (for the report).</summary>
    public IReadOnlyList<string> Describe() =>
        [.. _bounds.Select(b => $"{b.Metric} {b.Operator} {b.Bound.ToString(System.Globalization.CultureInfo.InvariantCulture)}")];

    /// <summary>Whether a successful request met every bound (TTFT, TPOT and E2E in milliseconds; null where the metric does not apply).</summary>
    public bool IsMetBy(double? ttftMs, double? tpotMs, double e2eMs)
    {
        foreach (var bound in _bounds)
        {
            double? value = bound.Metric switch
            {
                "ttft_ms" => ttftMs,
                "tpot_ms" => tpotMs,
                _ => e2eMs,
            };

            // A request without the metric (a one-token answer has no TPOT) cannot miss that bound.
            if (value is { } v && !bound.IsMetBy(v))
            {
                return false;
            }
        }

        return true;
    }
}
