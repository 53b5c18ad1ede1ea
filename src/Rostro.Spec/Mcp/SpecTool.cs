using System.Text.Json.Nodes;

namespace Rostro.Spec.Mcp;

/// <summary>An MCP tool derived from one operation (<c>x-rostro-mcp</c>): its name, description, hints and schemas, and how its arguments become the operation's request.</summary>
/// <remarks>
/// Arguments are flat, as agents write them best: each path and query parameter by its name, and the properties of an object
/// body beside them. A body that cannot be flattened (not an object, one that declares any property welcome, or a property named like a
/// parameter) is the one argument <c>body</c>; a multipart body's parts are arguments, a file part given as its text.
/// </remarks>
public sealed class SpecTool
{
    internal SpecTool(string name, SpecOperation operation, JsonObject inputSchema, JsonObject? outputSchema, IReadOnlyList<ToolArgument> arguments, ToolBody body)
    {
        Name = name;
        Operation = operation;
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
        Arguments = arguments;
        ArgumentsByName = arguments.ToDictionary(a => a.Name, StringComparer.Ordinal);
        Body = body;
        _compiled = new(() => Json.Schema.JsonSchema.FromText(inputSchema.ToJsonString()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<Json.Schema.JsonSchema> _compiled;

    /// <summary>The input schema, compiled (JsonSchema.Net) for the calls whose arguments are refused: every problem is named at once.</summary>
    internal Json.Schema.JsonSchema CompiledInput => _compiled.Value;

    /// <summary>The tool's name (<c>x-rostro-mcp: {tool: ...}</c>).</summary>
    public string Name { get; }

    /// <summary>The operation it wraps.</summary>
    public SpecOperation Operation { get; }

    /// <summary>A human title: the operation's summary.</summary>
    public string Title => Operation.Summary ?? Operation.OperationId;

    /// <summary>What the tool does and what it answers, from the operation's summary and description.</summary>
    public string Description
    {
        get
        {
            var description = Operation.Raw.Description is { Length: > 0 } d && d != Operation.Summary ? $"{Operation.Summary}. {d}" : Operation.Summary ?? Operation.OperationId;
            var access = Operation.IsPublic ? "Needs no credential." : "Needs the caller's credential.";
            return $"{description.TrimEnd()} {access} Wraps {Operation.Key}; a failure answers the API's error envelope with isError.";
        }
    }

    /// <summary><c>readOnlyHint</c>: the operation changes nothing (<c>x-rostro-safety: read-only</c>).</summary>
    public bool ReadOnly => Operation.Facts.Safety == SafetyClass.ReadOnly;

    /// <summary>Changes nothing and spends no credits: the tools a contract suite may call on a live endpoint.</summary>
    public bool Harmless => ReadOnly && !Operation.Facts.SpendsCredits;

    /// <summary><c>destructiveHint</c>: it removes or changes what cannot be put back (<c>removes</c>, <c>destructive</c>, or no safety class).</summary>
    public bool Destructive => Operation.Facts.Safety is SafetyClass.Removes or SafetyClass.Destructive or null;

    /// <summary><c>idempotentHint</c>: calling it again with the same arguments changes nothing more (GET, PUT and DELETE, and every read-only operation).</summary>
    public bool Idempotent => ReadOnly || Operation.Method is "GET" or "PUT" or "DELETE";

    /// <summary>A JSON Schema (2020-12, self-contained) of the arguments.</summary>
    public JsonObject InputSchema { get; }

    /// <summary>A JSON Schema of <c>structuredContent</c>: the success answer's, when that is an object; null otherwise (the answer travels as text).</summary>
    public JsonObject? OutputSchema { get; }

    /// <summary>Every argument and where it travels.</summary>
    public IReadOnlyList<ToolArgument> Arguments { get; }

    internal IReadOnlyDictionary<string, ToolArgument> ArgumentsByName { get; }

    /// <summary>How the request body is made of the arguments.</summary>
    public ToolBody Body { get; }

    /// <summary>The operation's request for these arguments, or the problems that stop it (each at its argument, as a 422's <c>loc</c>).</summary>
    public ToolRequest Request(JsonObject? arguments) => ToolRequests.Build(this, arguments ?? []);

    /// <summary>Where a 422 detail's <c>loc</c> (<c>["query","limit"]</c>, <c>["body","name"]</c>) is among the tool's arguments (<c>["limit"]</c>, <c>["name"]</c>).</summary>
    public IReadOnlyList<object> ArgumentLoc(IReadOnlyList<object> loc)
    {
        ArgumentNullException.ThrowIfNull(loc);
        if (loc.Count == 0 || loc[0] is not string place)
        {
            return loc;
        }

        return place switch
        {
            "path" or "query" or "header" when loc.Count > 1 => loc.Skip(1).ToList(),
            "body" when Body is ToolBody.Flattened or ToolBody.Multipart && loc.Count > 1 => loc.Skip(1).ToList(),
            _ => loc,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Operation.Key})";
}

/// <summary>How a tool's request body is made of its arguments.</summary>
public enum ToolBody
{
    /// <summary>The operation takes no body.</summary>
    None,

    /// <summary>The JSON body's properties are arguments beside the parameters.</summary>
    Flattened,

    /// <summary>The JSON body is the one argument <c>body</c>.</summary>
    Whole,

    /// <summary>A multipart body whose parts are arguments; a file part is given as its text.</summary>
    Multipart,
}

/// <summary>One argument of a tool.</summary>
/// <param name="Name">Its name among the arguments (the parameter's or body property's name, or <c>body</c>).</param>
/// <param name="In"><c>path</c>, <c>query</c>, <c>header</c>, <c>body</c> (a property of a flattened body, or the whole body) or <c>part</c> (a multipart part).</param>
/// <param name="Required">Whether the tool needs it.</param>
/// <param name="File">A multipart part sent as a file (its text is the file's content).</param>
public sealed record ToolArgument(string Name, string In, bool Required, bool File = false);
