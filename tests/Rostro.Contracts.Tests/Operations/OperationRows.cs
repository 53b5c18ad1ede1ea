using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Safety;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>Theory rows drawn from the spec, one per operation (or per operation and case), each with the traits <c>dotnet test --filter</c> selects by.</summary>
/// <remarks>
/// Rows carry strings only, so every row is its own test case in the TRX and in filters. Traits (<c>Category=...</c>):
/// <c>StandardApi</c> or <c>Mimic</c> by the operation's tag; <c>ReadOnly</c>, <c>Writes</c> or <c>Destructive</c> by its
/// classification; <c>MockOnly</c> when the row needs a mock (statuses forced with Prefer, invented bounds).
/// </remarks>
public static class OperationRows
{
    public const string Category = "Category";

    private static IReadOnlyList<SpecOperation> Operations => SpecCatalog.Instance.Operations;

    public static IEnumerable<TheoryDataRow<string>> Every() => Operations.Select(o => Tag(new TheoryDataRow<string>(o.OperationId), o));

    public static IEnumerable<TheoryDataRow<string>> Secured() => Operations.Where(o => !o.IsPublic).Select(o => Tag(new TheoryDataRow<string>(o.OperationId), o));

    public static IEnumerable<TheoryDataRow<string>> Public() => Operations.Where(o => o.IsPublic).Select(o => Tag(new TheoryDataRow<string>(o.OperationId), o));

    /// <summary>Every operation with each of its request examples (<c>default</c> when it has none or no body).</summary>
    public static IEnumerable<TheoryDataRow<string, string>> Examples() =>
        from o in Operations
        let names = o.RequestBody?.Content.GetValueOrDefault("application/json")?.Examples.Keys.ToList() is { Count: > 0 } keys ? keys : ["default"]
        from name in names
        select Tag(new TheoryDataRow<string, string>(o.OperationId, name), o);

    /// <summary>Secured operations × the three credential schemes.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> SecuredBySchemes() =>
        from o in Operations.Where(o => !o.IsPublic)
        from scheme in new[] { "Bearer", "ApiKey", "Samwise" }
        select Tag(new TheoryDataRow<string, string>(o.OperationId, scheme), o);

    /// <summary>Every invalid variant the schemas give of every operation's request.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> InvalidCases() =>
        from o in Operations
        from c in InvalidInputs.For(o)
        select Tag(new TheoryDataRow<string, string>(o.OperationId, c.Name), o, mockOnly: !c.LiveSafe);

    /// <summary>Every documented status other than success: forced with <c>Prefer: code=</c> on a mock.</summary>
    public static IEnumerable<TheoryDataRow<string, int>> ErrorStatuses() =>
        from o in Operations
        from s in ContractRules.DocumentedStatuses(o).Where(s => s >= 400)
        select Tag(new TheoryDataRow<string, int>(o.OperationId, s), o, mockOnly: true);

    /// <summary>Operations that document 404 and address something through a path parameter that is not an enum.</summary>
    public static IEnumerable<TheoryDataRow<string>> Addressed() =>
        Operations.Where(o => o.Responses.ContainsKey("404") && UnknownValues.Parameters(o).Any())
            .Select(o => Tag(new TheoryDataRow<string>(o.OperationId), o));

    /// <summary>Every path × every method it does not declare (HEAD and OPTIONS excepted), where no other path declares it for the same URL.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> UndeclaredMethods()
    {
        var catalog = SpecCatalog.Instance;
        foreach (var (template, operations) in catalog.Paths)
        {
            var example = UnknownValues.ExamplePath(operations[0]);
            foreach (var method in new[] { "GET", "POST", "PUT", "PATCH", "DELETE" })
            {
                if (catalog.MethodsAt(example).Contains(method))
                {
                    continue;
                }

                var row = new TheoryDataRow<string, string>(template, method)
                    .WithTrait(Category, operations[0].Tag == "mimic" ? "Mimic" : "StandardApi");
                yield return method == "GET" ? row.WithTrait(Category, "ReadOnly") : row.WithTrait(Category, "Destructive");
            }
        }
    }

    /// <summary>Adds the traits of an operation to a row.</summary>
    public static T Tag<T>(T row, SpecOperation operation, bool mockOnly = false)
        where T : TheoryDataRowBase
    {
        ArgumentNullException.ThrowIfNull(operation);
        row.WithTrait(Category, operation.Tag == "mimic" ? "Mimic" : "StandardApi");
        var safety = OperationSafety.For(operation.OperationId);
        row.WithTrait(Category, safety?.Class switch
        {
            SafetyClass.ReadOnly => "ReadOnly",
            SafetyClass.Creates or SafetyClass.Removes => "Writes",
            _ => "Destructive",
        });
        if (mockOnly)
        {
            row.WithTrait(Category, "MockOnly");
        }

        return row;
    }
}

/// <summary>Path values that address nothing on any target, and the example URL of a path.</summary>
public static class UnknownValues
{
    /// <summary>The path parameters that name a resource that must exist: not an enum (a model, a block type), and not the tag a creation names (a tag exists by being used or followed).</summary>
    public static IEnumerable<SpecParameter> Parameters(SpecOperation operation) =>
        operation.Parameters.Where(p => p.Location == "path" && p.Schema?.Definition is { } s && s.Enum is not { Count: > 0 } && s is not Microsoft.OpenApi.OpenApiSchemaReference
            && !(p.Name == "tagname" && OperationSafety.For(operation.OperationId)?.Class == SafetyClass.Creates));

    public static string For(SpecParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Schema?.Definition.Type is { } type && type.HasFlag(Microsoft.OpenApi.JsonSchemaType.Integer)
            ? "987654321"
            : "rostro-contracts-unknown";
    }

    /// <summary>The operation's path filled with its examples.</summary>
    public static string ExamplePath(SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var path = operation.PathTemplate;
        foreach (var p in operation.Parameters.Where(p => p.Location == "path"))
        {
            path = path.Replace($"{{{p.Name}}}", Uri.EscapeDataString(OperationRequests.Text(p.Examples.GetValueOrDefault("default")) is { Length: > 0 } v ? v : "x"), StringComparison.Ordinal);
        }

        return path;
    }
}
