using System.Reflection;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Operations;
using Rostro.Contracts.Tests.Targets;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>Every operation of the spec has contract tests, and the coverage table says what a run exercised.</summary>
public sealed class CoverageTests
{
    private static IReadOnlySet<string> Covered => typeof(CoverageTests).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .SelectMany(m => m.GetCustomAttributes<CoversAttribute>())
        .SelectMany(a => a.OperationIds)
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_spec_operation_gets_the_generic_checks()
    {
        var generic = GatedRows.All(OperationRows.Examples).Select(r => (string)((ITheoryDataRow)r.Row).GetData()[0]!).ToHashSet(StringComparer.Ordinal);
        var secured = GatedRows.All(OperationRows.Secured).Concat(GatedRows.All(OperationRows.Public)).Select(r => (string)((ITheoryDataRow)r.Row).GetData()[0]!).ToHashSet(StringComparer.Ordinal);

        SpecCatalog.Instance.Operations.Select(o => o.OperationId).Where(o => !generic.Contains(o) || !secured.Contains(o))
            .Should().BeEmpty("every operation is sent its spec examples and probed for credentials");
    }

    [Fact]
    public void Every_operation_that_changes_data_or_answers_the_mimic_has_a_scenario_test()
    {
        // Generic checks prove shapes; what an operation does (created → listed → removed → gone, the model rules) needs a scenario.
        var needed = SpecCatalog.Instance.Operations
            .Where(o => o.Facts is not { Safety: SafetyClass.ReadOnly, SpendsCredits: false } || o.Tag == "mimic")
            .Select(o => o.OperationId);

        needed.Where(o => !Covered.Contains(o)).Should().BeEmpty("name the operation in a [Covers] of the lifecycle or mimic test that exercises it");
        Covered.Where(o => !SpecCatalog.Instance.ById.ContainsKey(o)).Should().BeEmpty("[Covers] names only operations of the spec");
    }

    [Fact]
    public void Coverage_table_has_a_row_for_every_documented_status_and_counts_what_was_checked()
    {
        var operations = SpecCatalog.Instance.Operations;
        var recorder = new CoverageRecorder();
        var self = SpecCatalog.Instance["getSelf"];
        recorder.Observed(self, "GET", "/api/self", 200);
        recorder.Checked(self, 200, passed: true);
        recorder.Observed(self, "GET", "/api/self", 418);
        recorder.Checked(self, 418, passed: false);
        recorder.Observed(null, "PATCH", "/api/self", 405);

        var table = recorder.Table(operations);

        table.DocumentedStatuses.Should().Be(operations.Sum(o => ContractRules.DocumentedStatuses(o).Count()));
        table.Rows.Should().ContainSingle(r => r.OperationId == "getSelf" && r.Status == 200 && r.Exercised && r.Passed == 1);
        table.Rows.Should().ContainSingle(r => r.OperationId == "getSelf" && r.Status == 418 && !r.Documented && r.Failed == 1);
        table.DocumentedStatusesExercised.Should().Be(1);
        table.ToMarkdown("a test").Should().Contain("| getSelf | `GET /api/self` | 200 | yes | yes | 1 | 0 |").And.Contain("`PATCH /api/self → 405` × 1");
        JsonNode.Parse(table.ToJson("a test"))!["rows"]!.AsArray().Should().HaveCount(table.Rows.Count);
    }
}
