using Rostro.Testing;
using System.Text.RegularExpressions;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>The spec documents exactly the operations the seed documentation names: no more, no fewer.</summary>
public partial class SeedInventoryTests
{
    private static HashSet<string> Inventory() =>
        File.ReadAllLines(RepositoryRoot.Combine("openapi", "seed-inventory.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

    // The Standard API reference writes "METHOD /path" on one line.
    private static IEnumerable<string> StandardApiSeedOperations() =>
        Directory.GetFiles(RepositoryRoot.Combine("openapi", "seeds"), "000_*.txt")
            .SelectMany(File.ReadAllLines)
            .Select(l => l.TrimEnd())
            .Where(l => OneLineOperation().IsMatch(l));

    // The mimic's API page writes the method alone on a line and the path on the next.
    private static IEnumerable<string> MimicSeedOperations()
    {
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("openapi", "seeds"), "003_*.txt"))
        {
            var lines = File.ReadAllLines(file).Select(l => l.Trim()).ToArray();
            for (var i = 0; i + 1 < lines.Length; i++)
            {
                if (MethodAlone().IsMatch(lines[i]) && lines[i + 1].StartsWith('/'))
                {
                    yield return $"{lines[i]} {lines[i + 1]}";
                }
            }
        }
    }

    [Fact]
    public void Seed_inventory_lists_every_operation_of_the_seed_documents_and_nothing_else()
    {
        var fromSeeds = StandardApiSeedOperations().Concat(MimicSeedOperations()).ToHashSet(StringComparer.Ordinal);

        ShouldBeSameSet(actual: Inventory(), expected: fromSeeds, "seed-inventory.txt", "the seed documents");
    }

    [Fact]
    public void Seed_inventory_has_65_operations()
    {
        Inventory().Should().HaveCount(65);
    }

    [Fact]
    public void Spec_documents_exactly_the_operations_of_the_seed_inventory()
    {
        var fromSpec = EmbeddedSpec.Spec.Operations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

        ShouldBeSameSet(actual: fromSpec, expected: Inventory(), "openapi/rostro.yaml", "seed-inventory.txt");
    }

    private static void ShouldBeSameSet(HashSet<string> actual, HashSet<string> expected, string actualName, string expectedName)
    {
        var missing = expected.Except(actual).Order(StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected).Order(StringComparer.Ordinal).ToList();

        (missing.Count + extra.Count).Should().Be(0,
            "{0} should list the same operations as {1}.\nMissing from {0}:\n  {2}\nExtra in {0}:\n  {3}\n",
            actualName, expectedName, string.Join("\n  ", missing), string.Join("\n  ", extra));
    }

    [GeneratedRegex("^(GET|POST|PUT|DELETE|PATCH) /")]
    private static partial Regex OneLineOperation();

    [GeneratedRegex("^(GET|POST|PUT|DELETE|PATCH)$")]
    private static partial Regex MethodAlone();
}
