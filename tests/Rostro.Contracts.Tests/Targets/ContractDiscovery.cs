using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit.Sdk;
using Xunit.v3;

namespace Rostro.Contracts.Tests.Targets;

/// <summary>A check against the run's target: discovered only when the run can start and the target is one it applies to.</summary>
/// <remarks>
/// Which checks exist is decided at discovery from <see cref="RunPlan.Current"/>: a misconfigured run has none (one test,
/// <c>The_run_is_configured</c>, fails with the one-line reason), and a check behind a closed <see cref="Gate"/> is not a
/// skipped test but a line of the run's report ("not applicable to a live target: ...").
/// </remarks>
[XunitTestCaseDiscoverer(typeof(ContractFactDiscoverer))]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
    : FactAttribute(sourceFilePath, sourceLineNumber), IGated
{
    /// <summary>Why it needs a Rostro mock (not applicable to a live target).</summary>
    public string? MockOnly { get; set; }

    /// <summary>What it does that cannot be undone (on a live target only with ROSTRO_ALLOW_DESTRUCTIVE=true).</summary>
    public string? Destructive { get; set; }

    /// <summary>The entry of the credit plan that pays for it (<see cref="Safety.CreditPlan"/>).</summary>
    public string? Credits { get; set; }

    /// <summary>What it needs a second user for (on a live target, ROSTRO_TOKEN_2).</summary>
    public string? SecondUser { get; set; }

    public Gate? Gate => Gates.Of(MockOnly, Destructive, Credits) ?? (SecondUser is { } why ? Targets.Gate.SecondUser(why) : null);
}

/// <summary>A theory against the run's target; each row may carry its own gate (<see cref="GatedRows"/>).</summary>
[XunitTestCaseDiscoverer(typeof(ContractTheoryDiscoverer))]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractTheoryAttribute : TheoryAttribute, IGated
{
    public ContractTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber) => SkipTestWithoutData = true;

    /// <summary>Why every row needs a Rostro mock.</summary>
    public string? MockOnly { get; set; }

    /// <summary>What every row does that cannot be undone.</summary>
    public string? Destructive { get; set; }

    public Gate? Gate => Gates.Of(MockOnly, Destructive, null);
}

/// <summary>A check attribute with a gate.</summary>
public interface IGated
{
    Gate? Gate { get; }
}

internal static class Gates
{
    public static Gate? Of(string? mockOnly, string? destructive, string? credits) =>
        mockOnly is not null ? Gate.MockOnly(mockOnly) : destructive is not null ? Gate.Destructive(destructive) : credits is not null ? Gate.Credits(credits) : null;

    public static Gate? Of(MethodInfo method) => method.GetCustomAttributes().OfType<IGated>().FirstOrDefault()?.Gate;
}

public sealed class ContractFactDiscoverer : FactDiscoverer
{
    public override ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute) =>
        RunPlan.Current.Runs((factAttribute as IGated)?.Gate) ? base.Discover(discoveryOptions, testMethod, factAttribute) : new([]);
}

public sealed class ContractTheoryDiscoverer : TheoryDiscoverer
{
    public override async ValueTask<IReadOnlyCollection<IXunitTestCase>> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute)
    {
        if (!RunPlan.Current.Runs((factAttribute as IGated)?.Gate))
        {
            return [];
        }

        // Every row behind a closed gate was left out (GatedRows): the theory is reported there, not as a skipped test.
        // SkipTestWithoutData makes xunit (3.2) answer an empty theory with one skipped case, "No data found for ...".
        var cases = await base.Discover(discoveryOptions, testMethod, factAttribute);
        return [.. cases.Where(c => c.SkipReason?.StartsWith("No data found", StringComparison.Ordinal) != true)];
    }
}

/// <summary>Theory rows with a gate each: those the run's plan opens are the theory's data; the rest are counted by the run's inventory.</summary>
public static class GatedRows
{
    [ThreadStatic]
    private static List<Gate?>? t_inventory;

    /// <summary>Every row a member data source yields, whatever the plan, with its gate (self-tests of the suite's own coverage).</summary>
    /// <remarks>A source gates every row or none (TheoryData, InlineData): rows a source yields without passing through <see cref="Run"/> are counted as ungated.</remarks>
    public static IReadOnlyList<(TRow Row, Gate? Gate)> All<TRow>(Func<IEnumerable<TRow>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var gates = new List<Gate?>();
        t_inventory = gates;
        try
        {
            var all = rows().ToList();
            gates.AddRange(Enumerable.Repeat<Gate?>(null, all.Count - gates.Count));
            return [.. all.Zip(gates)];
        }
        finally
        {
            t_inventory = null;
        }
    }

    /// <summary>The rows that run in this plan.</summary>
    public static IEnumerable<TRow> Run<TRow>(IEnumerable<(TRow Row, Gate? Gate)> rows)
    {
        foreach (var (row, gate) in rows)
        {
            if (t_inventory is { } inventory)
            {
                inventory.Add(gate);
                yield return row;
            }
            else if (RunPlan.Current.Runs(gate))
            {
                yield return row;
            }
        }
    }

    /// <summary>The gate of every row a member data source yields, whatever the plan (null: no gate).</summary>
    // Rows of a source that knows no gates (TheoryData, InlineData) run everywhere.
    internal static List<Gate?> Inventory(Func<IEnumerable<object?>> rows) => [.. All(rows).Select(r => r.Gate)];
}
