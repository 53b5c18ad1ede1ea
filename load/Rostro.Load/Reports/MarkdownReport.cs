using System.Globalization;
using System.Text;

namespace Rostro.Load;

/// <summary><c>report.md</c>: the figures a CI job summary shows, thresholds first.</summary>
public static class MarkdownReport
{
    /// <summary>Renders a report as GitHub-flavoured Markdown.</summary>
    public static string Render(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var verdict = report.Sweep is null ? (report.Passed ? "✅ passed" : "❌ failed") : (report.Passed ? "✅ knee found" : "❌ no knee");
        md.AppendLine(CultureInfo.InvariantCulture, $"# {(report.Sweep is null ? "Load test" : "Load sweep")}: {verdict}{(report.Interrupted ? " (interrupted)" : string.Empty)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Target `{report.Target}` · started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC{Shards(report)}");
        foreach (var s in report.Scenarios)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {s.Name} {(s.Passed ? "✅" : "❌")}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"`{s.Route}`{(s.Model is null ? string.Empty : $" · model `{s.Model}`")} · {(s.Streaming ? "streaming" : "not streaming")} · {s.Load}{(s.MaxConcurrency is { } cap ? $", at most {cap} in flight" : string.Empty)} · warm-up {N(s.WarmUpS)} s, measured {N(s.MeasuredS)} s");
            if (s.Thresholds.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("| threshold | actual | |");
                md.AppendLine("|---|---:|---|");
                foreach (var t in s.Thresholds)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"| `{t.Expression}` | {(t.Actual is { } a ? N(a) : "—")} | {(t.Passed ? "✅" : $"❌ {t.Reason}")} |");
                }
            }

            md.AppendLine();
            md.AppendLine("| ms | p50 | p90 | p95 | p99 | p99.9 | max | count |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Row(md, "TTFT", s.TtftMs);
            Row(md, "ITL", s.ItlMs);
            Row(md, "TPOT", s.TpotMs);
            Row(md, "E2E", s.E2eMs);
            Row(md, "scheduler lag", s.SchedulerLagMs);
            if (s.QueueMs.Count > 0)
            {
                Row(md, "queue", s.QueueMs);
            }

            var r = s.Requests;
            var t2 = s.Throughput;
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"**Requests** {r.Ok:N0} ok, {r.Failed:N0} failed (error rate {s.ErrorRate:P2}){(r.Dropped > 0 ? $", {r.Dropped:N0} dropped" : string.Empty)}{(r.Cancelled > 0 ? $", {r.Cancelled:N0} cancelled" : string.Empty)} · {r.WarmUp:N0} warm-up · status {string.Join(", ", r.StatusCodes.Select(c => $"{c.Key}: {c.Value:N0}"))}");
            if (r.Failed > 0)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"**Failures** {string.Join(", ", r.FailedByKind.Where(k => k.Value > 0).Select(k => $"{k.Key}: {k.Value:N0}"))}");
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"**Throughput** {N(t2.RequestsPerS.Mean)} req/s (peak {N(t2.RequestsPerS.Peak)}) · {N(t2.OutputTokensPerS.Mean)} tokens/s (peak {N(t2.OutputTokensPerS.Peak)}) · goodput {N(t2.GoodputPerS.Mean)} req/s{(s.GoodputObjectives.Count == 0 ? " (no objectives: every success counts)" : $" within {string.Join(", ", s.GoodputObjectives.Select(o => $"`{o}`"))}")}");
        }

        if (report.Sweep is { } sweep)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## Sweep {(sweep.Knee is null ? "❌" : "✅")}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"**{sweep.Outcome}**{(sweep.KneeGoodputPerS is { } goodput ? $" · goodput at the knee {N(goodput)} req/s" : string.Empty)}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"| {sweep.Variable} | | ok | failed | req/s | goodput/s | TTFT p50 | TTFT p95 | TTFT p99 | ITL p99 | E2E p50 | failed thresholds |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var step in sweep.Steps.OrderBy(s => s.Level))
            {
                var s = step.Scenario;
                md.AppendLine(CultureInfo.InvariantCulture, $"| {SweepPlan.Format(step.Level)} | {(s.Passed ? "✅" : "❌")} | {s.Requests.Ok:N0} | {s.Requests.Failed:N0} | {N(s.Throughput.RequestsPerS.Mean)} | {N(s.Throughput.GoodputPerS.Mean)} | {N(s.TtftMs.P50)} | {N(s.TtftMs.P95)} | {N(s.TtftMs.P99)} | {N(s.ItlMs.P99)} | {N(s.E2eMs.P50)} | {string.Join("; ", s.Thresholds.Where(t => !t.Passed).Select(t => $"`{t.Expression}` ({t.Reason})"))} |");
            }

            md.AppendLine();
            md.AppendLine("Each step's full figures are in report.json and report.html.");
        }

        if (report.Client is { } client)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Runner CPU {N(client.CpuSeconds)} s for {client.Requests:N0} requests{(client.CpuMicrosecondsPerEvent is { } perEvent ? $" and {client.Events:N0} events ({N(perEvent)} µs per event)" : string.Empty)}.");
        }

        return md.ToString();
    }

    private static string Shards(LoadReport report) =>
        report.Shard is { } shard ? $" · shard {shard}" : report.MergedReports > 1 ? $" · merged from {report.MergedReports} shard reports" : string.Empty;

    private static void Row(StringBuilder md, string name, LatencySummary l) =>
        md.AppendLine(l.Count == 0
            ? $"| {name} | — | — | — | — | — | — | 0 |"
            : string.Create(CultureInfo.InvariantCulture, $"| {name} | {N(l.P50)} | {N(l.P90)} | {N(l.P95)} | {N(l.P99)} | {N(l.P999)} | {N(l.Max)} | {l.Count:N0} |"));

    private static string N(double value) => value.ToString(value >= 100 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
}
