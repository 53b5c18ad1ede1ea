using System.Reflection;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Coverage;

/// <summary>Every check of the suite and the gate it stands behind: what a plan runs, and what it leaves out and why.</summary>
/// <remarks>Read by reflection from the <see cref="ContractFactAttribute"/> and <see cref="ContractTheoryAttribute"/> methods and their
/// member data (in the test process xunit does not enumerate member data again, so the run counts for itself).</remarks>
public sealed class RunInventory
{
    private RunInventory(IReadOnlyList<(string Check, Gate? Gate)> rows) => Rows = rows;

    /// <summary>One entry per test case: the test method and its gate (null: runs on every target).</summary>
    public IReadOnlyList<(string Check, Gate? Gate)> Rows { get; }

    private static readonly Lazy<RunInventory> s_suite = new(() => Of(typeof(RunInventory).Assembly));

    /// <summary>The suite's own checks, read once per process.</summary>
    public static RunInventory Suite => s_suite.Value;

    public static RunInventory Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var rows = new List<(string, Gate?)>();
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance)))
        {
            var name = $"{method.DeclaringType!.Name}.{method.Name}";
            var gate = Gates.Of(method);
            if (method.GetCustomAttribute<ContractFactAttribute>() is not null)
            {
                rows.Add((name, gate));
            }
            else if (method.GetCustomAttribute<ContractTheoryAttribute>() is not null)
            {
                rows.AddRange(DataGates(method).Select(g => (name, gate ?? g)));
            }
        }

        return new RunInventory(rows);
    }

    /// <summary>How many checks the plan runs.</summary>
    public int Runs(RunPlan plan) => Rows.Count(r => plan.Runs(r.Gate));

    /// <summary>The checks the plan leaves out, by kind of gate and reason, with counts.</summary>
    public IReadOnlyList<(GateKind Kind, string Reason, int Count)> LeftOut(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Rows.Where(r => r.Gate is not null && !plan.Runs(r.Gate))
            .GroupBy(r => (r.Gate!.Kind, r.Gate.Reason))
            .Select(g => (g.Key.Kind, g.Key.Reason, g.Count()))
            .OrderBy(g => g.Kind).ThenByDescending(g => g.Item3)
            .ToList();
    }

    private static List<Gate?> DataGates(MethodInfo method)
    {
        var gates = new List<Gate?>();
        gates.AddRange(method.GetCustomAttributes<InlineDataAttribute>().Select(_ => (Gate?)null));
        foreach (var member in method.GetCustomAttributes<MemberDataAttribute>())
        {
            var type = member.MemberType ?? method.DeclaringType!;
            var source = type.GetMethod(member.MemberName, BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{method.Name}: member data {member.MemberName} is not a public static method without arguments of {type.Name}.");
            gates.AddRange(GatedRows.Inventory(() => ((System.Collections.IEnumerable)source.Invoke(null, null)!).Cast<object?>()));
        }

        return gates;
    }
}
