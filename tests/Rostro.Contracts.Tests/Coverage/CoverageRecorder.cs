using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>Which documented status of which operation the run exercised, and whether each answer passed its checks.</summary>
/// <remarks>
/// Every answer through the pipeline is <see cref="Observed"/> (the recording handler: the OpenAI SDK's traffic too);
/// <see cref="Checked"/> marks the ones a contract check judged. The table is written at the end of the run as
/// <c>contract-coverage.md</c> and <c>contract-coverage.json</c> next to the TRX.
/// </remarks>
public sealed class CoverageRecorder
{
    private readonly ConcurrentDictionary<(string OperationId, int Status), Cell> _cells = new();
    private readonly ConcurrentDictionary<string, int> _undeclared = new(StringComparer.Ordinal);

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

    /// <summary>The table: every operation × every documented status, plus undocumented statuses that were seen.</summary>
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

        return new CoverageTable(rows, _undeclared.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
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
}

/// <summary>One operation × status cell.</summary>
public sealed record CoverageRow(string OperationId, string Method, string Path, int Status, bool Documented, int Observed, int Passed, int Failed)
{
    /// <summary>Exercised: an answer with this status came back and a contract check judged it.</summary>
    public bool Exercised => Passed + Failed > 0;
}

/// <summary>The coverage of a run, and how it is written.</summary>
public sealed record CoverageTable(IReadOnlyList<CoverageRow> Rows, IReadOnlyDictionary<string, int> UndeclaredRoutes)
{
    public int Operations => Rows.Select(r => r.OperationId).Distinct().Count();

    public int OperationsExercised => Rows.Where(r => r.Exercised).Select(r => r.OperationId).Distinct().Count();

    public int DocumentedStatuses => Rows.Count(r => r.Documented);

    public int DocumentedStatusesExercised => Rows.Count(r => r.Documented && r.Exercised);

    public string Totals(string targetDescription) =>
        string.Create(CultureInfo.InvariantCulture, $"Target: {targetDescription}. Operations exercised: {OperationsExercised}/{Operations}; documented statuses exercised: {DocumentedStatusesExercised}/{DocumentedStatuses}; failed checks: {Rows.Sum(r => r.Failed)}; undocumented statuses seen: {Rows.Count(r => !r.Documented)}.");

    public string ToMarkdown(string targetDescription)
    {
        var text = new StringBuilder()
            .AppendLine("# Contract coverage")
            .AppendLine()
            .AppendLine(Totals(targetDescription))
            .AppendLine()
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

        return text.ToString();
    }

    public string ToJson(string targetDescription)
    {
        var json = new JsonObject
        {
            ["target"] = targetDescription,
            ["operations"] = Operations,
            ["operationsExercised"] = OperationsExercised,
            ["documentedStatuses"] = DocumentedStatuses,
            ["documentedStatusesExercised"] = DocumentedStatusesExercised,
            ["rows"] = new JsonArray(Rows.Select(r => (JsonNode)new JsonObject
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
            }).ToArray()),
            ["undeclaredRoutes"] = new JsonObject(UndeclaredRoutes.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
