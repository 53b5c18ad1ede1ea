using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostro.Load;

/// <summary>A pass/fail condition on a scenario's results, written as text: <c>ttft_ms.p95 &lt; 800</c>, <c>error_rate &lt; 0.01</c>.</summary>
/// <param name="Expression">The condition as written (whitespace normalised).</param>
/// <param name="Metric">The metric: a latency (<c>ttft_ms</c>, ...), a rate or a count.</param>
/// <param name="Statistic">For a latency <c>p50</c>...<c>p999</c>, <c>max</c> or <c>mean</c>; for a throughput <c>mean</c> or <c>peak</c>; for <c>failed</c> a failure kind; else null.</param>
/// <param name="Operator">One of <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</param>
/// <param name="Bound">The number compared with.</param>
public sealed partial record Threshold(string Expression, string Metric, string? Statistic, string Operator, double Bound)
{
    /// <summary>Latency metrics (milliseconds), each needing a statistic.</summary>
    public static IReadOnlyList<string> LatencyMetrics { get; } = ["ttft_ms", "itl_ms", "tpot_ms", "e2e_ms", "scheduler_lag_ms", "queue_ms"];

    /// <summary>Statistics of a latency metric.</summary>
    public static IReadOnlyList<string> LatencyStatistics { get; } = ["p50", "p90", "p95", "p99", "p999", "max", "mean"];

    /// <summary>Throughput metrics (per second), with an optional <c>.mean</c> (the default) or <c>.peak</c>.</summary>
    public static IReadOnlyList<string> ThroughputMetrics { get; } = ["requests_per_s", "output_tokens_per_s", "goodput_per_s"];

    /// <summary>Metrics that stand alone.</summary>
    public static IReadOnlyList<string> PlainMetrics { get; } = ["error_rate", "ok", "failed", "dropped"];

    /// <summary>Per-request metrics that a <c>&lt;</c> / <c>&lt;=</c> threshold turns into a service-level objective for goodput.</summary>
    public static IReadOnlyList<string> PerRequestMetrics { get; } = ["ttft_ms", "tpot_ms", "e2e_ms"];

    private static readonly string[] s_operators = ["<=", ">=", "<", ">"];

    /// <summary>Reads a threshold; false with a one-line reason naming what is wrong and what is allowed.</summary>
    public static bool TryParse(string? text, out Threshold threshold, out string error)
    {
        threshold = null!;
        error = string.Empty;
        var match = Shape().Match(text ?? string.Empty);
        if (!match.Success)
        {
            error = $"'{text}' is not a threshold: write <metric>[.<statistic>] <op> <number>, e.g. 'ttft_ms.p95 < 800' or 'error_rate < 0.01'";
            return false;
        }

        var metric = match.Groups["metric"].Value;
        var statistic = match.Groups["stat"].Success ? match.Groups["stat"].Value : null;
        var op = match.Groups["op"].Value;
        if (!s_operators.Contains(op))
        {
            error = $"'{text}': unknown operator '{op}' (use <, <=, > or >=)";
            return false;
        }

        if (!double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) || !double.IsFinite(bound))
        {
            error = $"'{text}': '{match.Groups["value"].Value}' is not a number";
            return false;
        }

        if (LatencyMetrics.Contains(metric))
        {
            if (statistic is null || !LatencyStatistics.Contains(statistic))
            {
                error = $"'{text}': {metric} needs a statistic: {metric}.{string.Join($", {metric}.", LatencyStatistics)}";
                return false;
            }
        }
        else if (ThroughputMetrics.Contains(metric))
        {
            if (statistic is not (null or "mean" or "peak"))
            {
                error = $"'{text}': {metric} takes .mean (the default) or .peak, not .{statistic}";
                return false;
            }

            statistic ??= "mean";
        }
        else if (metric == "failed")
        {
            var kinds = FailureKinds.All.Select(FailureKinds.Name).ToList();
            if (statistic is not null && !kinds.Contains(statistic))
            {
                error = $"'{text}': failed takes a failure kind: failed.{string.Join(", failed.", kinds)}";
                return false;
            }
        }
        else if (PlainMetrics.Contains(metric))
        {
            if (statistic is not null)
            {
                error = $"'{text}': {metric} takes no statistic";
                return false;
            }
        }
        else
        {
            error = $"'{text}': unknown metric '{metric}' (known: {string.Join(", ", LatencyMetrics.Concat(ThroughputMetrics).Concat(PlainMetrics))})";
            return false;
        }

        var expression = $"{metric}{(match.Groups["stat"].Success ? "." + match.Groups["stat"].Value : string.Empty)} {op} {match.Groups["value"].Value}";
        threshold = new Threshold(expression, metric, statistic, op, bound);
        return true;
    }

    /// <summary>Reads a threshold or throws <see cref="FormatException"/> with the reason.</summary>
    public static Threshold Parse(string text) => TryParse(text, out var threshold, out var error) ? threshold : throw new FormatException(error);

    /// <summary>Whether a value meets the threshold.</summary>
    public bool IsMetBy(double actual) => Operator switch
    {
        "<" => actual < Bound,
        "<=" => actual <= Bound,
        ">" => actual > Bound,
        _ => actual >= Bound,
    };

    /// <summary>Whether this threshold bounds each request's value from above (so goodput counts the requests under it).</summary>
    public bool IsPerRequestObjective => PerRequestMetrics.Contains(Metric) && Operator is "<" or "<=";

    /// <inheritdoc />
    public override string ToString() => Expression;

    [GeneratedRegex(@"^\s*(?<metric>[a-z][a-z0-9_]*)(\.(?<stat>[a-z0-9_]+))?\s*(?<op>[<>=!]+)\s*(?<value>[-+0-9.eE]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
