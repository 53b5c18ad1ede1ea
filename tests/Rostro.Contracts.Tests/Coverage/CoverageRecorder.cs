using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>Which documented status of which operation the run exercised, which rules it checked, and every failure with its evidence.</summary>
/// <remarks>
/// Every answer through the pipeline is <see cref="Observed"/> (the recording handler: the OpenAI SDK's traffic too);
/// <see cref="Checked"/> marks the ones a contract check judged; <see cref="Rule"/> counts each rule about what the API
/// does (beyond one answer's shape); <see cref="Failed"/> keeps every broken rule with its evidence file. The table is
/// written at the end of the run as <c>contract-coverage.md</c> and <c>contract-coverage.json</c> next to the TRX.
/// </remarks>
public sealed class CoverageRecorder
{
    private readonly ConcurrentDictionary<(string OperationId, int Status), Cell> _cells = new();
    private readonly ConcurrentDictionary<string, int> _undeclared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RuleTally> _rules = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedFailure> _failures = new();
    private readonly ConcurrentDictionary<(string Call, string Outcome), int> _mcp = new();

    public void Observed(SpecOperation? operation, string method, string path, int status)
    {
        if (operation is null)
        {
            _undeclared.AddOrUpdate($"{method} {path} → {status}", 1, (_, n) => n + 1);
            return;
        }

        _cells.GetOrAdd((operation.OperationId, status), _ => new Cell()).Observe();
    }

    public void Checked(SpecOperation operation, int status, bool passed)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _cells.GetOrAdd((operation.OperationId, status), _ => new Cell()).Check(passed);
    }

    /// <summary>One check of a rule about what the API does, and where (<c>getGallery</c>, a planned request).</summary>
    public void Rule(string rule, string where, bool passed) => _rules.GetOrAdd(rule, _ => new RuleTally()).Add(where, passed);

    /// <summary>One JSON-RPC answer of the MCP endpoint: the call (<c>tools/call get_gallery</c>, <c>initialize</c>) and its outcome (<c>result</c>, <c>isError 404</c>, <c>error -32602</c>, <c>HTTP 401</c>).</summary>
    public void McpCall(string call, string outcome) => _mcp.AddOrUpdate((call, outcome), 1, (_, n) => n + 1);

    /// <summary>A broken rule, with the exchange that broke it and its evidence file.</summary>
    public void Failed(RecordedFailure failure) => _failures.Enqueue(failure);

    /// <summary>The table: every operation × every documented status, plus undocumented statuses that were seen, the rules and the failures.</summary>
    public CoverageTable Table(IEnumerable<SpecOperation> operations)
    {
        var rows = new List<CoverageRow>();
        foreach (var operation in operations)
        {
            var documented = ContractRules.DocumentedStatuses(operation).ToList();
            var seen = _cells.Keys.Where(k => k.OperationId == operation.OperationId).Select(k => k.Status);
            foreach (var status in documented.Union(seen).Order())
            {
                var cell = _cells.GetValueOrDefault((operation.OperationId, status));
                rows.Add(new CoverageRow(operation.OperationId, operation.Method, operation.PathTemplate, status, documented.Contains(status), cell?.Observations ?? 0, cell?.Passed ?? 0, cell?.Failed ?? 0));
            }
        }

        var rules = _rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new RuleRow(r.Key, r.Value.Passed, r.Value.Failed, r.Value.Where)).ToList();
        return new CoverageTable(rows, _undeclared.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), [.. _failures], rules)
        {
            Mcp = [.. _mcp.OrderBy(p => p.Key.Call, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal).Select(p => new McpRow(p.Key.Call, p.Key.Outcome, p.Value))],
        };
    }

    private sealed class Cell
    {
        private int _observations;
        private int _passed;
        private int _failed;

        public int Observations => Volatile.Read(ref _observations);

        public int Passed => Volatile.Read(ref _passed);

        public int Failed => Volatile.Read(ref _failed);

        public void Observe() => Interlocked.Increment(ref _observations);

        public void Check(bool passed)
        {
            if (passed)
            {
                Interlocked.Increment(ref _passed);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    private sealed class RuleTally
    {
        private readonly ConcurrentDictionary<string, byte> _where = new(StringComparer.Ordinal);
        private int _passed;
        private int _failed;

        public int Passed => Volatile.Read(ref _passed);

        public int Failed => Volatile.Read(ref _failed);

        public IReadOnlyList<string> Where => [.. _where.Keys.Order(StringComparer.Ordinal)];

        public void Add(string where, bool passed)
        {
            _where.TryAdd(where, 0);
            Interlocked.Increment(ref passed ? ref _passed : ref _failed);
        }
    }
}

/// <summary>One operation × status cell.</summary>
public sealed record CoverageRow(string OperationId, string Method, string Path, int Status, bool Documented, int Observed, int Passed, int Failed)
{
    /// <summary>Exercised: an answer with this status came back and a contract check judged it.</summary>
    public bool Exercised => Passed + Failed > 0;
}

/// <summary>How often the MCP endpoint gave one outcome to one call (a tool's, or a protocol method's).</summary>
public sealed record McpRow(string Call, string Outcome, int Count);

/// <summary>How often a rule was checked, with what outcome, and where.</summary>
public sealed record RuleRow(string Rule, int Passed, int Failed, IReadOnlyList<string> Where);

/// <summary>A broken rule: which check, which exchange, which rule, what was wrong, and where its evidence is.</summary>
public sealed record RecordedFailure(string Check, string Operation, string Request, int Status, string Rule, string Message, string? Evidence);

/// <summary>What a run adds to the table: how much of what applies was checked, what could not run, what was left out, what stayed on the target.</summary>
public sealed record RunSections(
    string Headline,
    IReadOnlyList<(string Rule, string Why)> Gaps,
    IReadOnlyList<(string Reason, int Count)> CouldNotRun,
    IReadOnlyList<(string Heading, string Reason, int Count)> LeftOut,
    IReadOnlyList<string> LeftOnTarget,
    IReadOnlyList<string> ChangedForGood,
    string Notes)
{
    public static readonly RunSections None = new(string.Empty, [], [], [], [], [], string.Empty);
}

/// <summary>The coverage of a run, and how it is written: failures and gaps first, then what ran, then the full table.</summary>
public sealed record CoverageTable(IReadOnlyList<CoverageRow> Rows, IReadOnlyDictionary<string, int> UndeclaredRoutes, IReadOnlyList<RecordedFailure> Failures, IReadOnlyList<RuleRow> Rules)
{
    /// <summary>The MCP endpoint's answers: call × outcome.</summary>
    public IReadOnlyList<McpRow> Mcp { get; init; } = [];

    public int Operations => Rows.Select(r => r.OperationId).Distinct().Count();

    public int OperationsExercised => Rows.Where(r => r.Exercised).Select(r => r.OperationId).Distinct().Count();

    public int DocumentedStatuses => Rows.Count(r => r.Documented);

    public int DocumentedStatusesExercised => Rows.Count(r => r.Documented && r.Exercised);

    public string Totals(string targetDescription) =>
        string.Create(CultureInfo.InvariantCulture, $"Target: {targetDescription}. Operations exercised: {OperationsExercised}/{Operations}; documented statuses exercised: {DocumentedStatusesExercised}/{DocumentedStatuses}; failed checks: {Failures.Count}; undocumented statuses seen: {Rows.Count(r => !r.Documented)}.");

    public string ToMarkdown(string targetDescription, RunSections? run = null)
    {
        run ??= RunSections.None;
        var text = new StringBuilder().AppendLine("# Contract coverage").AppendLine();
        if (run.Headline.Length > 0)
        {
            text.AppendLine(run.Headline).AppendLine();
        }

        text.AppendLine(Totals(targetDescription)).AppendLine();
        text.AppendLine($"## Failures ({Failures.Count})").AppendLine();
        if (Failures.Count == 0)
        {
            text.AppendLine("None.").AppendLine();
        }
        else
        {
            text.AppendLine("| operation | request | status | rule | what was wrong | evidence |").AppendLine("|---|---|---:|---|---|---|");
            foreach (var f in Failures)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {f.Operation} | `{Cell(f.Request)}` | {f.Status} | `{f.Rule}` | {Cell(f.Message)} | {(f.Evidence is null ? "—" : $"`{Path.GetFileName(f.Evidence)}`")} |").AppendLine();
            }

            text.AppendLine();
        }

        text.AppendLine($"## Gaps: what this run should check and did not ({run.Gaps.Count + run.CouldNotRun.Sum(c => c.Count)})").AppendLine();
        foreach (var (rule, why) in run.Gaps)
        {
            text.Append("- rule `").Append(rule).Append("`: ").AppendLine(why);
        }

        foreach (var (reason, count) in run.CouldNotRun)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {count} × could not run: {reason}").AppendLine();
        }

        if (run.Gaps.Count == 0 && run.CouldNotRun.Count == 0)
        {
            text.AppendLine("None.");
        }

        text.AppendLine();
        if (run.LeftOnTarget.Count > 0 || run.ChangedForGood.Count > 0)
        {
            text.AppendLine("## Left on the target").AppendLine();
            foreach (var left in run.LeftOnTarget)
            {
                text.Append("- not removed: ").AppendLine(left);
            }

            foreach (var changed in run.ChangedForGood)
            {
                text.Append("- changed for good (the API has no way to undo it): ").AppendLine(changed);
            }

            text.AppendLine();
        }

        if (run.LeftOut.Count > 0)
        {
            text.AppendLine("## Left out of this run").AppendLine();
            foreach (var (heading, reason, count) in run.LeftOut)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {heading}: {reason} ({count})").AppendLine();
            }

            text.AppendLine();
        }

        if (Rules.Count > 0)
        {
            text.AppendLine("## Rules beyond the shape of an answer").AppendLine().AppendLine("| rule | passed | failed | checked on |").AppendLine("|---|---:|---:|---|");
            foreach (var rule in Rules)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{rule.Rule}` | {rule.Passed} | {rule.Failed} | {Cell(string.Join(", ", rule.Where.Take(12)))}{(rule.Where.Count > 12 ? $", … ({rule.Where.Count})" : string.Empty)} |").AppendLine();
            }

            text.AppendLine();
        }

        if (Mcp.Count > 0)
        {
            text.AppendLine("## MCP: calls × outcomes").AppendLine().AppendLine("| call | outcome | answers |").AppendLine("|---|---|---:|");
            foreach (var row in Mcp)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{row.Call}` | {row.Outcome} | {row.Count} |").AppendLine();
            }

            text.AppendLine();
        }

        text.AppendLine("## Operations × documented statuses").AppendLine()
            .AppendLine("| operation | method and path | status | documented | exercised | checks passed | checks failed |")
            .AppendLine("|---|---|---:|:---:|:---:|---:|---:|");
        foreach (var row in Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.OperationId} | `{row.Method} {row.Path}` | {row.Status} | {(row.Documented ? "yes" : "**no**")} | {(row.Exercised ? "yes" : "—")} | {row.Passed} | {row.Failed} |").AppendLine();
        }

        if (UndeclaredRoutes.Count > 0)
        {
            text.AppendLine().AppendLine("Requests to undeclared methods and routes (405/404 probes):").AppendLine();
            foreach (var (route, count) in UndeclaredRoutes)
            {
                text.Append(CultureInfo.InvariantCulture, $"- `{route}` × {count}").AppendLine();
            }
        }

        return text.Append(run.Notes).ToString();
    }

    public string ToJson(string targetDescription, RunSections? run = null)
    {
        run ??= RunSections.None;
        var json = new JsonObject
        {
            ["target"] = targetDescription,
            ["headline"] = run.Headline,
            ["operations"] = Operations,
            ["operationsExercised"] = OperationsExercised,
            ["documentedStatuses"] = DocumentedStatuses,
            ["documentedStatusesExercised"] = DocumentedStatusesExercised,
            ["failures"] = new JsonArray([.. Failures.Select(f => (JsonNode)new JsonObject
            {
                ["check"] = f.Check,
                ["operation"] = f.Operation,
                ["request"] = f.Request,
                ["status"] = f.Status,
                ["rule"] = f.Rule,
                ["message"] = f.Message,
                ["evidence"] = f.Evidence,
            })]),
            ["gaps"] = new JsonArray([.. run.Gaps.Select(g => (JsonNode)new JsonObject { ["rule"] = g.Rule, ["why"] = g.Why })]),
            ["couldNotRun"] = new JsonArray([.. run.CouldNotRun.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["count"] = c.Count })]),
            ["leftOut"] = new JsonArray([.. run.LeftOut.Select(l => (JsonNode)new JsonObject { ["heading"] = l.Heading, ["reason"] = l.Reason, ["count"] = l.Count })]),
            ["leftOnTarget"] = new JsonArray([.. run.LeftOnTarget.Select(l => (JsonNode)JsonValue.Create(l))]),
            ["changedForGood"] = new JsonArray([.. run.ChangedForGood.Select(l => (JsonNode)JsonValue.Create(l))]),
            ["rules"] = new JsonArray([.. Rules.Select(r => (JsonNode)new JsonObject
            {
                ["rule"] = r.Rule,
                ["passed"] = r.Passed,
                ["failed"] = r.Failed,
                ["where"] = new JsonArray([.. r.Where.Select(w => (JsonNode)JsonValue.Create(w))]),
            })]),
            ["mcp"] = new JsonArray([.. Mcp.Select(m => (JsonNode)new JsonObject { ["call"] = m.Call, ["outcome"] = m.Outcome, ["count"] = m.Count })]),
            ["rows"] = new JsonArray([.. Rows.Select(r => (JsonNode)new JsonObject
            {
                ["operationId"] = r.OperationId,
                ["method"] = r.Method,
                ["path"] = r.Path,
                ["status"] = r.Status,
                ["documented"] = r.Documented,
                ["exercised"] = r.Exercised,
                ["observed"] = r.Observed,
                ["passed"] = r.Passed,
                ["failed"] = r.Failed,
            })]),
            ["undeclaredRoutes"] = new JsonObject(UndeclaredRoutes.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
