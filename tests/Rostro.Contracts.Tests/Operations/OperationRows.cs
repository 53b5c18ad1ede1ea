using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;
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

    /// <summary>Why a generic check of an operation that changes data does not go to a live target.</summary>
    public static readonly Gate ChangesData = Gate.MockOnly("generic checks of operations that change data (on a live target the lifecycle tests create, check and remove their own)");

    /// <summary>Why a generic check of a credit-spending operation does not go to a live target.</summary>
    public static readonly Gate CostsCredits = Gate.MockOnly("generic checks of credit-spending operations (on a live target the credit plan checks the completions rules, several to a request)");

    private static IReadOnlyList<SpecOperation> Operations => SpecCatalog.Instance.Operations;

    public static IEnumerable<TheoryDataRow<string>> Secured() => GatedRows.Run(
        Operations.Where(o => !o.IsPublic).Select(o => (Tag(new TheoryDataRow<string>(o.OperationId), o), Unsent(o))));

    public static IEnumerable<TheoryDataRow<string>> Public() => GatedRows.Run(
        Operations.Where(o => o.IsPublic).Select(o => (Tag(new TheoryDataRow<string>(o.OperationId), o), Generic(o))));

    /// <summary>Every operation with each of its request examples (<c>default</c> when it has none or no body).</summary>
    public static IEnumerable<TheoryDataRow<string, string>> Examples() => GatedRows.Run(
        from o in Operations
        let names = o.RequestBody?.Content.GetValueOrDefault("application/json")?.Examples.Keys.ToList() is { Count: > 0 } keys ? keys : ["default"]
        from name in names
        select (Tag(new TheoryDataRow<string, string>(o.OperationId, name), o), Generic(o)));

    /// <summary>Secured operations × the three credential schemes.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> SecuredBySchemes() => GatedRows.Run(
        from o in Operations.Where(o => !o.IsPublic)
        from scheme in new[] { "Bearer", "ApiKey", "Samwise" }
        select (Tag(new TheoryDataRow<string, string>(o.OperationId, scheme), o), Unsent(o)));

    /// <summary>Every invalid variant the schemas give of every operation's request.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> InvalidCases() => GatedRows.Run(
        from o in Operations
        from c in InvalidInputs.For(o)
        let gate = Generic(o) ?? (c.LiveSafe ? null : InvalidInputs.InventedBound)
        select (Tag(new TheoryDataRow<string, string>(o.OperationId, c.Name), o, mockOnly: gate?.Kind == GateKind.MockOnly), gate));

    /// <summary>Every documented status other than success: forced with <c>Prefer: code=</c>, which only a Rostro mock obeys.</summary>
    public static IEnumerable<TheoryDataRow<string, int>> ErrorStatuses() => GatedRows.Run(
        from o in Operations
        from s in ContractRules.DocumentedStatuses(o).Where(s => s >= 400)
        select (Tag(new TheoryDataRow<string, int>(o.OperationId, s), o, mockOnly: true), (Gate?)ForcedStatus));

    /// <summary>Operations that document 404 and address something through a path parameter that is not an enum.</summary>
    public static IEnumerable<TheoryDataRow<string>> Addressed() => GatedRows.Run(
        Operations.Where(o => o.Responses.ContainsKey("404") && UnknownValues.Parameters(o).Any())
            .Select(o => (Tag(new TheoryDataRow<string>(o.OperationId), o), Generic(o))));

    /// <summary>Every path × every method it does not declare (HEAD and OPTIONS excepted), where no other path declares it for the same URL.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> UndeclaredMethods() => GatedRows.Run(UndeclaredMethodRows());

    /// <summary>Why the documented error statuses are checked on a mock only.</summary>
    public static readonly Gate ForcedStatus = Gate.MockOnly("documented error statuses, forced with Prefer: code= (only a Rostro mock obeys it)");

    /// <summary>Why undeclared methods other than GET go to a mock only, even when destructive checks are allowed: a live server might act on them, on the caller's own account (DELETE /api/self).</summary>
    public static readonly Gate UndeclaredWrite = Gate.MockOnly("undeclared methods other than GET (a live server might act on them, on the caller's own account: DELETE /api/self, PUT /api/account)");

    /// <summary>A generic check sends the operation as it is: only what changes nothing and costs nothing goes to a live target.</summary>
    public static Gate? Generic(SpecOperation operation) =>
        operation.Facts.SpendsCredits ? CostsCredits : operation.Facts.IsReadOnly ? null : ChangesData;

    /// <summary>Sent without a usable credential: a server that wrongly ignored it might act, but it spends nobody's credits.</summary>
    public static Gate? Unsent(SpecOperation operation) => operation.Facts.IsReadOnly ? null : ChangesData;

    private static IEnumerable<(TheoryDataRow<string, string>, Gate?)> UndeclaredMethodRows()
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
                yield return method == "GET" ? (row.WithTrait(Category, "ReadOnly"), null) : (row.WithTrait(Category, "Destructive"), UndeclaredWrite);
            }
        }
    }

    /// <summary>Adds the traits of an operation to a row.</summary>
    public static T Tag<T>(T row, SpecOperation operation, bool mockOnly = false)
        where T : TheoryDataRowBase
    {
        ArgumentNullException.ThrowIfNull(operation);
        row.WithTrait(Category, operation.Tag == "mimic" ? "Mimic" : "StandardApi");
        row.WithTrait(Category, operation.Facts.Safety switch
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
            && !(p.Name == "tagname" && operation.Facts.Safety == SafetyClass.Creates));

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
