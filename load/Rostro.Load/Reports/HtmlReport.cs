using System.Globalization;
using System.Net;
using System.Text;

namespace Rostro.Load;

/// <summary><c>report.html</c>: one self-contained page (inline CSS and SVG, no script, nothing fetched) that opens offline.</summary>
/// <remarks>Verdicts are ✓/✗, which every text font has, not emoji, which a machine without an emoji font shows as boxes.</remarks>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
        header{padding:18px 28px;background:#1d2330;color:#fff}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c5cad6}
        main{padding:8px 28px 40px;max-width:1220px}section{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;margin:18px 0;padding:16px 20px}
        h2{margin:0 0 4px;font-size:18px}.sub{color:#5b6475;margin:0 0 12px}.pass{color:#137333}.fail{color:#b3261e}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}.card{background:#f1f3f6;border-radius:6px;padding:8px 12px;min-width:120px}
        .card b{display:block;font-size:18px}.card span{color:#5b6475;font-size:12px}
        table{border-collapse:collapse;margin:10px 0;font-variant-numeric:tabular-nums}th,td{padding:4px 10px;border-bottom:1px solid #e3e6eb;text-align:right}
        th:first-child,td:first-child{text-align:left}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:12px}
        svg{width:100%;height:auto}
        details{margin:8px 0}summary{cursor:pointer;font-weight:600}
        footer{color:#5b6475;font-size:12px;padding:0 28px 24px}
        """;

    /// <summary>Renders the report page.</summary>
    public static string Render(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Load test {(report.Passed ? "passed" : "failed")} — {E(report.Target)}</title><style>{Style}{SvgChart.Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>{(report.Sweep is null ? "Load test" : "Load sweep")} <span class=\"{(report.Passed ? "pass" : "fail")}\" style=\"color:inherit\">{(report.Passed ? (report.Sweep is null ? "✓ passed" : "✓ knee found") : (report.Sweep is null ? "✗ failed" : "✗ no knee"))}</span>{(report.Interrupted ? " (interrupted)" : string.Empty)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(report.Target)} · started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC{(report.Shard is { } shard ? $" · shard {E(shard)}" : report.MergedReports > 1 ? $" · merged from {report.MergedReports} shard reports" : string.Empty)}</p></header><main>");
        foreach (var s in report.Scenarios)
        {
            Scenario(html, s);
        }

        if (report.Sweep is { } sweep)
        {
            Sweep(html, sweep);
        }

        html.Append("</main><footer>Written by rostro-load. TTFT: request sent → first content event; ITL: gaps between content events, pooled; TPOT: (E2E − TTFT) / (tokens − 1); E2E: sent → [DONE]. Open loads are timed from each request's intended start; scheduler lag is how late the runner itself sent.");
        if (report.Client is { } client)
        {
            html.Append(CultureInfo.InvariantCulture, $" Runner CPU: {client.CpuSeconds:0.##} s{(client.CpuMicrosecondsPerEvent is { } e ? $", {e:0.#} µs per event" : string.Empty)}.");
        }

        return html.Append("</footer></body></html>").ToString();
    }

    /// <summary>The sweep's latency against load (TTFT percentiles at each level, the knee marked), as report.html shows it.</summary>
    public static string LatencyAgainstLoad(SweepReport sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var steps = Ordered(sweep);
        return SvgChart.Lines($"TTFT against load{(sweep.Knee is { } k ? $" · knee {SweepPlan.Format(k)}{sweep.Unit}" : string.Empty)}", Axis(sweep), "ms",
        [
            new("TTFT p50", "#1a73e8", [.. steps.Where(p => p.Scenario.TtftMs.Count > 0).Select(p => (p.Level, p.Scenario.TtftMs.P50))]),
            new("p95", "#f29900", [.. steps.Where(p => p.Scenario.TtftMs.Count > 0).Select(p => (p.Level, p.Scenario.TtftMs.P95))]),
            new("p99", "#d93025", [.. steps.Where(p => p.Scenario.TtftMs.Count > 0).Select(p => (p.Level, p.Scenario.TtftMs.P99))]),
            new("E2E p50", "#5f6368", [.. steps.Where(p => p.Scenario.E2eMs.Count > 0).Select(p => (p.Level, p.Scenario.E2eMs.P50))]),
        ], Mark(sweep), sweep.Unit);
    }

    private static void Sweep(StringBuilder html, SweepReport sweep)
    {
        var steps = Ordered(sweep);
        var name = sweep.Steps.Count == 0 ? "sweep" : sweep.Steps[0].Scenario.Name;
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(name)}: sweep <span class=\"{(sweep.Knee is null ? "fail" : "pass")}\">{(sweep.Knee is null ? "✗" : "✓")}</span></h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"sub\">{E(sweep.Variable)} from {SweepPlan.Format(sweep.From)} to {SweepPlan.Format(sweep.To)}, × {SweepPlan.Format(sweep.Factor)} a level, {(sweep.Refinements == 0 ? "no bisection" : $"then up to {sweep.Refinements} bisection(s)")}{(sweep.BudgetS is { } budget ? $" · budget {budget:0} s" : string.Empty)} · {E(sweep.Outcome)}</p>");
        html.Append("<div class=\"cards\">");
        Card(html, "knee", sweep.Knee is { } knee ? SweepPlan.Format(knee) + sweep.Unit : "none");
        Card(html, "goodput at the knee", sweep.KneeGoodputPerS is { } goodput ? $"{goodput:0.##} req/s" : "—");
        Card(html, "lowest failing", sweep.LowestFailing is { } failing ? SweepPlan.Format(failing) + sweep.Unit : "none");
        Card(html, "steps", sweep.Steps.Count.ToString(CultureInfo.InvariantCulture));
        html.Append("</div><table><tr><th>level</th><th></th><th>ok</th><th>failed</th><th>req/s</th><th>goodput/s</th><th>TTFT p50</th><th>p95</th><th>p99</th><th>ITL p50</th><th>p99</th><th>E2E p50</th><th>failed thresholds</th></tr>");
        foreach (var step in steps)
        {
            var s = step.Scenario;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{SweepPlan.Format(step.Level)}{E(sweep.Unit)}</td><td class=\"{(s.Passed ? "pass" : "fail")}\">{(s.Passed ? "✓" : "✗")}</td><td>{s.Requests.Ok:N0}</td><td>{s.Requests.Failed:N0}</td><td>{s.Throughput.RequestsPerS.Mean:0.##}</td><td>{s.Throughput.GoodputPerS.Mean:0.##}</td><td>{s.TtftMs.P50:0.#}</td><td>{s.TtftMs.P95:0.#}</td><td>{s.TtftMs.P99:0.#}</td><td>{s.ItlMs.P50:0.##}</td><td>{s.ItlMs.P99:0.##}</td><td>{s.E2eMs.P50:0.#}</td><td style=\"text-align:left\">{E(string.Join("; ", s.Thresholds.Where(t => !t.Passed).Select(t => $"{t.Expression} ({t.Reason})")))}</td></tr>");
        }

        html.Append("</table><div class=\"charts\">");
        html.Append(LatencyAgainstLoad(sweep));
        html.Append(SvgChart.Lines("Throughput against load", Axis(sweep), "req/s",
        [
            new("ok req/s", "#1a73e8", [.. steps.Select(p => (p.Level, p.Scenario.Throughput.RequestsPerS.Mean))]),
            new("goodput/s", "#188038", [.. steps.Select(p => (p.Level, p.Scenario.Throughput.GoodputPerS.Mean))]),
            new("failed/s", "#d93025", [.. steps.Select(p => (p.Level, p.Scenario.MeasuredS > 0 ? p.Scenario.Requests.Failed / p.Scenario.MeasuredS : 0))]),
        ], Mark(sweep), sweep.Unit));
        html.Append(SvgChart.Lines("ITL against load", Axis(sweep), "ms",
        [
            new("ITL p50", "#8430ce", [.. steps.Where(p => p.Scenario.ItlMs.Count > 0).Select(p => (p.Level, p.Scenario.ItlMs.P50))]),
            new("p99", "#d93025", [.. steps.Where(p => p.Scenario.ItlMs.Count > 0).Select(p => (p.Level, p.Scenario.ItlMs.P99))]),
        ], Mark(sweep), sweep.Unit));
        html.Append("</div></section>");
        foreach (var step in sweep.Steps)
        {
            html.Append(CultureInfo.InvariantCulture, $"<details><summary>step at {SweepPlan.Format(step.Level)}{E(sweep.Unit)} {(step.Scenario.Passed ? "✓" : "✗")}</summary>");
            Scenario(html, step.Scenario);
            html.Append("</details>");
        }
    }

    private static List<SweepStep> Ordered(SweepReport sweep) => [.. sweep.Steps.OrderBy(s => s.Level)];

    private static string Axis(SweepReport sweep) => sweep.Variable == "concurrency" ? "requests in flight" : "offered rate (req/s)";

    private static (double, string)? Mark(SweepReport sweep) => sweep.Knee is { } knee ? (knee, "knee") : null;

    private static void Scenario(StringBuilder html, ScenarioReport s)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(s.Name)} <span class=\"{(s.Passed ? "pass" : "fail")}\">{(s.Passed ? "✓" : "✗")}</span></h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"sub\"><code>{E(s.Route)}</code>{(s.Model is null ? string.Empty : $" · {E(s.Model)}")} · {(s.Streaming ? "streaming" : "not streaming")} · {E(s.Load)}{(s.MaxConcurrency is { } cap ? $", at most {cap} in flight" : string.Empty)} · warm-up {s.WarmUpS:0.#} s · measured {s.MeasuredS:0.#} s</p>");
        html.Append("<div class=\"cards\">");
        Card(html, "requests ok", s.Requests.Ok.ToString("N0", CultureInfo.InvariantCulture));
        Card(html, "failed", $"{s.Requests.Failed:N0} ({s.ErrorRate:P2})");
        Card(html, "req/s (peak)", $"{s.Throughput.RequestsPerS.Mean:0.##} ({s.Throughput.RequestsPerS.Peak:0})");
        Card(html, "tokens/s (peak)", $"{s.Throughput.OutputTokensPerS.Mean:0.#} ({s.Throughput.OutputTokensPerS.Peak:0})");
        Card(html, "goodput req/s", $"{s.Throughput.GoodputPerS.Mean:0.##}");
        Card(html, "TTFT p50 / p99", s.TtftMs.Count == 0 ? "—" : $"{s.TtftMs.P50:0.#} / {s.TtftMs.P99:0.#} ms");
        Card(html, "ITL p50 / p99", s.ItlMs.Count == 0 ? "—" : $"{s.ItlMs.P50:0.##} / {s.ItlMs.P99:0.##} ms");
        Card(html, "scheduler lag p99", $"{s.SchedulerLagMs.P99:0.##} ms");
        html.Append("</div>");

        if (s.Thresholds.Count > 0)
        {
            html.Append("<table><tr><th>threshold</th><th>actual</th><th></th></tr>");
            foreach (var t in s.Thresholds)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(t.Expression)}</code></td><td>{(t.Actual is { } a ? a.ToString("0.###", CultureInfo.InvariantCulture) : "—")}</td><td class=\"{(t.Passed ? "pass" : "fail")}\" style=\"text-align:left\">{(t.Passed ? "✓ passed" : $"✗ {E(t.Reason ?? "failed")}")}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<table><tr><th>ms</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th><th>mean</th><th>count</th></tr>");
        foreach (var (name, l) in new[] { ("TTFT", s.TtftMs), ("ITL", s.ItlMs), ("TPOT", s.TpotMs), ("E2E", s.E2eMs), ("scheduler lag", s.SchedulerLagMs), ("queue", s.QueueMs) })
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{name}</td><td>{l.P50:0.###}</td><td>{l.P90:0.###}</td><td>{l.P95:0.###}</td><td>{l.P99:0.###}</td><td>{l.P999:0.###}</td><td>{l.Max:0.###}</td><td>{l.Mean:0.###}</td><td>{l.Count:N0}</td></tr>");
        }

        html.Append("</table><div class=\"charts\">");
        var series = s.Series;
        html.Append(SvgChart.Lines("Throughput", "seconds since warm-up", "per second",
        [
            new("ok req/s", "#1a73e8", [.. series.Select(p => ((double)p.Second, (double)p.Ok))]),
            new("failed/s", "#d93025", [.. series.Select(p => ((double)p.Second, (double)p.Failed))]),
            new("goodput/s", "#188038", [.. series.Select(p => ((double)p.Second, (double)p.Good))]),
        ]));
        html.Append(SvgChart.Lines("Output tokens per second", "seconds since warm-up", "tokens/s",
            [new("tokens/s", "#8430ce", [.. series.Select(p => ((double)p.Second, (double)p.OutputTokens))])]));
        html.Append(Percentiles("TTFT over time", series, p => p.TtftMs));
        html.Append(Percentiles("ITL over time", series, p => p.ItlMs));
        html.Append(Distribution("TTFT distribution", s.Histograms.TtftUs, "#1a73e8"));
        html.Append(Distribution("ITL distribution", s.Histograms.ItlUs, "#8430ce"));
        var statuses = s.Requests.StatusCodes.Select(c => (c.Key.ToString(CultureInfo.InvariantCulture), (double)c.Value))
            .Concat(s.Requests.FailedByKind.Where(k => k.Value > 0 && k.Key != "http_status").Select(k => (k.Key, (double)k.Value))).ToList();
        html.Append(SvgChart.Bars("Status codes and failures", "HTTP status / failure kind", "requests", statuses, "#5f6368"));
        html.Append("</div></section>");
    }

    private static string Percentiles(string title, IReadOnlyList<SecondReport> series, Func<SecondReport, SeriesPercentiles> pick)
    {
        var measured = series.Where(p => pick(p).Count > 0).ToList();
        return SvgChart.Lines(title, "seconds since warm-up", "ms",
        [
            new("p50", "#1a73e8", [.. measured.Select(p => ((double)p.Second, pick(p).P50))]),
            new("p95", "#f29900", [.. measured.Select(p => ((double)p.Second, pick(p).P95))]),
            new("p99", "#d93025", [.. measured.Select(p => ((double)p.Second, pick(p).P99))]),
        ]);
    }

    private static string Distribution(string title, string? encoded, string color)
    {
        if (encoded is null)
        {
            return SvgChart.Bars(title, "ms", "count", [], color);
        }

        var histogram = LatencyHistogram.Decode(encoded);
        if (histogram.Count == 0)
        {
            return SvgChart.Bars(title, "ms", "count", [], color);
        }

        // About 40 bars from the smallest value to the 99.9th percentile; the rare tail beyond is one last bar.
        var low = histogram.ValueAtPercentile(0);
        var high = Math.Max(histogram.ValueAtPercentile(99.9), low + 1);
        var width = (long)Math.Max(1, SvgChart.Nice((high - low) / 40.0));
        var first = low / width * width;
        var buckets = histogram.Buckets(width);
        var bars = new List<(string, double)>();
        for (var from = first; from <= high; from += width)
        {
            bars.Add(($"{from / 1000.0:0.###}", buckets.Where(b => b.FromMicroseconds == from).Sum(b => b.Count)));
        }

        var tail = buckets.Where(b => b.FromMicroseconds > high).Sum(b => b.Count);
        if (tail > 0)
        {
            bars.Add(($"> {high / 1000.0:0.#}", tail));
        }

        return SvgChart.Bars($"{title} (bars of {width / 1000.0:0.###} ms)", "ms", "count", bars, color);
    }

    private static void Card(StringBuilder html, string label, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><b>{E(value)}</b><span>{E(label)}</span></div>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
