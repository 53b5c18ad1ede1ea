using System.Text.Json.Nodes;

namespace Rostro.Spec;

/// <summary>What sending an operation does to the target's data (<c>x-rostro-safety</c>).</summary>
public enum SafetyClass
{
    /// <summary><c>read-only</c>: changes nothing (look-ups sent with POST included).</summary>
    ReadOnly,

    /// <summary><c>creates</c>: creates something that <see cref="OperationFacts.Undo"/> removes again.</summary>
    Creates,

    /// <summary><c>removes</c>: removes something (what a creation made).</summary>
    Removes,

    /// <summary><c>destructive</c>: changes what cannot be put back, or what the caller did not create.</summary>
    Destructive,
}

/// <summary>What the spec states about an operation beyond its shapes, read from its <c>x-rostro-*</c> extensions (CURATION.md, "Facts a contract suite relies on").</summary>
/// <param name="Safety">What sending it does to data; null when the operation does not say (a consumer must treat it as unsafe).</param>
/// <param name="SpendsCredits">It costs the account credits (<c>x-rostro-credits</c>).</param>
/// <param name="Undo">For a creation: the request that removes what it created (<c>x-rostro-undo</c>, an OpenAPI Link object).</param>
/// <param name="Owned">Values that must name something of the caller's own; another user's answers 403 (<c>x-rostro-owned</c>).</param>
/// <param name="List">For a listing: where its items are and the rules its parameters impose on them (<c>x-rostro-list</c>).</param>
public sealed record OperationFacts(SafetyClass? Safety, bool SpendsCredits, SpecUndo? Undo, IReadOnlyList<SpecOwned> Owned, SpecList? List)
{
    /// <summary>An operation that states nothing.</summary>
    public static readonly OperationFacts None = new(null, false, null, [], null);

    /// <summary>True when the operation changes nothing.</summary>
    public bool IsReadOnly => Safety == SafetyClass.ReadOnly;

    /// <summary>The name of the MCP tool that wraps the operation (<c>x-rostro-mcp: {tool: ...}</c>); null when it is no tool.</summary>
    public string? Tool { get; init; }

    /// <summary>Why the operation is no MCP tool (<c>x-rostro-mcp: {left-out: ...}</c>); null when it is one.</summary>
    public string? ToolLeftOut { get; init; }

    /// <summary>It adds to a per-world collection the mock bounds in memory: when that is full, 403 with <c>code</c> 1303 (<c>x-rostro-bounded</c>).</summary>
    public bool Bounded { get; init; }
}

/// <summary>The request that undoes a creation, as an OpenAPI Link object: the operation, and runtime expressions for its parameters and body.</summary>
/// <param name="OperationId">The removal's operationId.</param>
/// <param name="Parameters">Parameter name → runtime expression (<c>$request.path.tagname</c>, <c>$response.body#/uuid</c>).</param>
/// <param name="RequestBody">A JSON body in which every string that is a runtime expression stands for its value; null when the removal takes none.</param>
public sealed record SpecUndo(string OperationId, IReadOnlyDictionary<string, string> Parameters, JsonNode? RequestBody)
{
    /// <summary>Every runtime expression of the removal: its parameters', and each string of its body that starts with <c>$</c>.</summary>
    public IEnumerable<string> Expressions => Parameters.Values.Concat(Strings(RequestBody).Where(s => s.StartsWith('$')));

    /// <summary>Whether the removal can be built from the creation's request alone (no <c>$response</c> value): then it can be known before the request is sent.</summary>
    public bool FromRequestAlone => !Expressions.Any(e => e.StartsWith("$response.", StringComparison.Ordinal));

    /// <summary>Every string a JSON value holds, at any depth.</summary>
    internal static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}

/// <summary>A value of a request that must name something of the caller's own.</summary>
/// <param name="Kind">What it names: <c>project</c>, <c>image</c>, <c>lore-owner</c> or <c>character</c>.</param>
/// <param name="In">Where it travels: <c>path</c>, <c>query</c> or <c>body</c>.</param>
/// <param name="Name">Its name; in a body, a path of names (<c>metadata/owner_id</c>: the field <c>owner_id</c> of the JSON text in the part <c>metadata</c>).</param>
public sealed record SpecOwned(string Kind, string In, string Name);

/// <summary>Where a listing's items are, and the rules its parameters impose on them.</summary>
/// <param name="Items">JSON pointer of the item array in the success body (<c>/nodes</c>).</param>
/// <param name="Key">JSON pointer, inside an item, of what identifies it (<c>/uuid</c>); null when items have no identity.</param>
/// <param name="Limit">The value that caps the number of items on one answer.</param>
/// <param name="Page">The page number (from 1): different pages share no item; with <see cref="SpecPage.Echo"/> the answer says which page it is.</param>
/// <param name="Filters">Rules every returned item meets when a filter is sent.</param>
public sealed record SpecList(string Items, string? Key, SpecValue? Limit, SpecPage? Page, IReadOnlyList<SpecFilter> Filters);

/// <summary>A request value: a parameter, or a property of the JSON body.</summary>
/// <param name="In"><c>path</c>, <c>query</c> or <c>body</c>.</param>
/// <param name="Name">The parameter's or the body property's name.</param>
public record SpecValue(string In, string Name);

/// <summary>The page parameter of a listing.</summary>
/// <param name="In">Where it travels.</param>
/// <param name="Name">Its name.</param>
/// <param name="Echo">JSON pointer of the page number in the answer, if it says it.</param>
public sealed record SpecPage(string In, string Name, string? Echo) : SpecValue(In, Name);

/// <summary>A filter of a listing: when it is sent, every item meets <see cref="Rule"/>.</summary>
/// <param name="In">Where it travels.</param>
/// <param name="Name">Its name.</param>
/// <param name="Send">The value whose effect is stated (<c>nsfw=false</c>); null when any value has it.</param>
/// <param name="Item">JSON pointer, inside an item, of the value the rule is about.</param>
/// <param name="Rule"><c>not-true</c> (absent or not <c>true</c>), <c>contains-each</c> (an array holding each comma-separated value sent) or <c>one-of</c> (equal to one of the values sent).</param>
public sealed record SpecFilter(string In, string Name, JsonNode? Send, string Item, string Rule) : SpecValue(In, Name);
