using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.Spec.Schemas;

namespace Rostro.Spec.Operations;

/// <summary>Reads an operation's <c>x-rostro-*</c> extensions; a malformed one makes the spec unreadable (<see cref="FormatException"/> naming where), never a silent default.</summary>
internal static class OperationFactsReader
{
    public const string SafetyExtension = "x-rostro-safety";
    public const string CreditsExtension = "x-rostro-credits";
    public const string BoundedExtension = "x-rostro-bounded";
    public const string UndoExtension = "x-rostro-undo";
    public const string OwnedExtension = "x-rostro-owned";
    public const string ListExtension = "x-rostro-list";
    public const string McpExtension = "x-rostro-mcp";

    // MCP tool names: what every host accepts (SEP-986 allows more, some hosts do not).
    private static readonly System.Text.RegularExpressions.Regex s_toolName = new("^[a-z][a-z0-9_]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, SafetyClass> s_safety = new(StringComparer.Ordinal)
    {
        ["read-only"] = SafetyClass.ReadOnly,
        ["creates"] = SafetyClass.Creates,
        ["removes"] = SafetyClass.Removes,
        ["destructive"] = SafetyClass.Destructive,
    };

    private static readonly HashSet<string> s_places = new(StringComparer.Ordinal) { "path", "query", "body" };
    private static readonly HashSet<string> s_kinds = new(StringComparer.Ordinal) { "project", "image", "lore-owner", "character" };
    private static readonly HashSet<string> s_rules = new(StringComparer.Ordinal) { "not-true", "contains-each", "one-of" };

    public static OperationFacts Read(OpenApiOperation operation, string pointer)
    {
        var extensions = operation.Extensions ?? new Dictionary<string, IOpenApiExtension>();
        JsonNode? Extension(string name) =>
            extensions.TryGetValue(name, out var value) ? value is JsonNodeExtension json ? OpenApiJson.Plain(json.Node) : throw Bad(pointer, name, "is not a JSON value") : null;

        var safety = Extension(SafetyExtension) switch
        {
            null => (SafetyClass?)null,
            JsonValue v when v.TryGetValue<string>(out var text) && s_safety.TryGetValue(text, out var known) => known,
            var other => throw Bad(pointer, SafetyExtension, $"is '{other?.ToJsonString()}'; it is one of {string.Join(", ", s_safety.Keys)}"),
        };
        bool Flag(string name) => Extension(name) switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
            var other => throw Bad(pointer, name, $"is '{other?.ToJsonString()}'; it is true or false"),
        };

        var credits = Flag(CreditsExtension);
        var bounded = Flag(BoundedExtension);

        var undo = Extension(UndoExtension) is { } u ? ReadUndo(u, pointer) : null;
        if ((safety == SafetyClass.Creates) != (undo is not null))
        {
            throw Bad(pointer, UndoExtension, safety == SafetyClass.Creates ? "is missing: a creation names the request that removes what it made" : "is given to an operation that creates nothing");
        }

        var owned = Extension(OwnedExtension) is { } o ? ReadOwned(o, pointer) : [];
        var list = Extension(ListExtension) is { } l ? ReadList(l, pointer) : null;
        var (tool, leftOut) = ReadMcp(Extension(McpExtension), pointer);
        return new OperationFacts(safety, credits, undo, owned, list) { Tool = tool, ToolLeftOut = leftOut, Bounded = bounded };
    }

    // Absent: no tool (the spec tests require every operation of rostro.yaml to decide, as they require a safety class).
    private static (string? Tool, string? LeftOut) ReadMcp(JsonNode? node, string pointer)
    {
        var at = $"{pointer}/{McpExtension}";
        if (node is null)
        {
            return (null, null);
        }

        var mcp = node as JsonObject ?? throw Bad(at, "is not an object");
        if (mcp.Any(p => p.Key is not ("tool" or "left-out")))
        {
            throw Bad(at, $"has '{mcp.First(p => p.Key is not ("tool" or "left-out")).Key}'; it has tool or left-out");
        }

        return (mcp.ContainsKey("tool"), mcp.ContainsKey("left-out")) switch
        {
            (true, false) => Text(mcp, "tool", at) is var name && s_toolName.IsMatch(name) ? (name, null) : throw Bad(at, $"names the tool '{mcp["tool"]}', which is not ^[a-z][a-z0-9_]{{0,63}}$"),
            (false, true) => (null, Text(mcp, "left-out", at)),
            _ => throw Bad(at, "has both tool and left-out, or neither"),
        };
    }

    private static SpecUndo ReadUndo(JsonNode node, string pointer)
    {
        var at = $"{pointer}/{UndoExtension}";
        var link = node as JsonObject ?? throw Bad(at, "is not an object (an OpenAPI Link object)");
        var operationId = Text(link, "operationId", at);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in link["parameters"] as JsonObject ?? [])
        {
            parameters[name] = value is JsonValue v && v.TryGetValue<string>(out var expression) && IsExpression(expression)
                ? expression
                : throw Bad($"{at}/parameters/{name}", "is not a runtime expression ($request.path.x, $request.body#/x, $response.body#/x)");
        }

        var body = link["requestBody"]?.DeepClone();
        foreach (var text in SpecUndo.Strings(body).Where(t => t.StartsWith('$') && !IsExpression(t)))
        {
            throw Bad($"{at}/requestBody", $"holds '{text}', which is no runtime expression");
        }

        if (parameters.Count == 0 && body is null)
        {
            throw Bad(at, "names neither parameters nor a requestBody: it could not address what was created");
        }

        return new SpecUndo(operationId, parameters, body);
    }

    private static List<SpecOwned> ReadOwned(JsonNode node, string pointer)
    {
        var at = $"{pointer}/{OwnedExtension}";
        var entries = node as JsonArray ?? throw Bad(at, "is not a list");
        return entries.Select((entry, i) =>
        {
            var item = entry as JsonObject ?? throw Bad($"{at}/{i}", "is not an object");
            var kind = OneOf(item, "kind", s_kinds, $"{at}/{i}");
            return new SpecOwned(kind, OneOf(item, "in", s_places, $"{at}/{i}"), Text(item, "name", $"{at}/{i}"));
        }).ToList();
    }

    private static SpecList ReadList(JsonNode node, string pointer)
    {
        var at = $"{pointer}/{ListExtension}";
        var list = node as JsonObject ?? throw Bad(at, "is not an object");
        var items = Pointer(list, "items", at) ?? throw Bad(at, "names no items (a JSON pointer such as /nodes)");
        SpecValue? limit = list["limit"] is JsonObject l ? new SpecValue(OneOf(l, "in", s_places, $"{at}/limit"), Text(l, "name", $"{at}/limit")) : null;
        SpecPage? page = list["page"] is JsonObject p ? new SpecPage(OneOf(p, "in", s_places, $"{at}/page"), Text(p, "name", $"{at}/page"), Pointer(p, "echo", $"{at}/page")) : null;
        var filters = (list["filters"] as JsonArray ?? []).Select((entry, i) =>
        {
            var filter = entry as JsonObject ?? throw Bad($"{at}/filters/{i}", "is not an object");
            var where = $"{at}/filters/{i}";
            return new SpecFilter(OneOf(filter, "in", s_places, where), Text(filter, "name", where), filter["send"]?.DeepClone(), Pointer(filter, "item", where) ?? throw Bad(where, "names no item"), OneOf(filter, "rule", s_rules, where));
        }).ToList();
        return new SpecList(items, Pointer(list, "key", at), limit, page, filters);
    }

    private static string Text(JsonObject node, string name, string at) =>
        node[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw Bad(at, $"has no {name}");

    private static string OneOf(JsonObject node, string name, IReadOnlySet<string> allowed, string at)
    {
        var text = Text(node, name, at);
        return allowed.Contains(text) ? text : throw Bad(at, $"has {name} '{text}'; it is one of {string.Join(", ", allowed)}");
    }

    private static string? Pointer(JsonObject node, string name, string at) => node[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith('/') => text,
        _ => throw Bad(at, $"has a {name} that is not a JSON pointer (/nodes)"),
    };

    private static bool IsExpression(string text) =>
        text.StartsWith("$request.path.", StringComparison.Ordinal) || text.StartsWith("$request.query.", StringComparison.Ordinal)
        || text.StartsWith("$request.body#/", StringComparison.Ordinal) || text.StartsWith("$response.body#/", StringComparison.Ordinal);

    private static FormatException Bad(string pointer, string extension, string problem) => Bad($"{pointer}/{extension}", problem);

    private static FormatException Bad(string at, string problem) => new($"The spec's {at} {problem}.", new JsonException(at));
}
