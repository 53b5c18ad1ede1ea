using System.Text.Json.Nodes;
using Rostro.Spec.Schemas;

namespace Rostro.Spec.Mcp;

/// <summary>Derives the MCP tools from the operations that name one (<c>x-rostro-mcp</c>); a tool that cannot be derived makes the spec unreadable (<see cref="FormatException"/>).</summary>
internal static class ToolDerivation
{
    private const string Json = "application/json";
    private const string Multipart = "multipart/form-data";

    // OpenAPI's own keywords, which are no JSON Schema: strict validators (Ajv's strict mode) refuse them.
    private static readonly HashSet<string> s_openApiOnly = new(StringComparer.Ordinal) { "discriminator", "xml", "externalDocs", "nullable" };

    // Keywords whose values map names to schemas: the names are the API's (a property may be called "example"), not keywords.
    private static readonly HashSet<string> s_maps = new(StringComparer.Ordinal) { "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" };

    // Keywords whose values are data, not schemas.
    private static readonly HashSet<string> s_data = new(StringComparer.Ordinal) { "enum", "const", "default", "examples", "example" };

    public static IReadOnlyList<SpecTool> Derive(IReadOnlyList<SpecOperation> operations, SchemaDocument document)
    {
        var tools = new List<SpecTool>();
        var names = new Dictionary<string, SpecOperation>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (operation.Facts.Tool is not { } name)
            {
                continue;
            }

            if (!names.TryAdd(name, operation))
            {
                throw new FormatException($"The spec names the MCP tool '{name}' twice: {names[name].Key} and {operation.Key}.");
            }

            tools.Add(Derive(name, operation, document));
        }

        return tools;
    }

    private static SpecTool Derive(string name, SpecOperation operation, SchemaDocument document)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        var arguments = new List<ToolArgument>();

        void Add(string argument, string where, bool isRequired, JsonNode schema, bool file = false)
        {
            if (properties.ContainsKey(argument))
            {
                throw new FormatException($"The MCP tool '{name}' ({operation.Key}) has two arguments named '{argument}'.");
            }

            properties[argument] = schema;
            if (isRequired)
            {
                required.Add(argument);
            }

            arguments.Add(new ToolArgument(argument, where, isRequired, file));
        }

        foreach (var parameter in operation.Parameters.Where(p => p.Location is "path" or "query" or "header"))
        {
            var schema = parameter.Schema is { } s ? Inline(document, s.Pointer) : new JsonObject();
            if (document.Find(Parent(parameter.Schema?.Pointer))?["description"] is JsonValue description && schema is JsonObject o && !o.ContainsKey("description"))
            {
                o["description"] = description.DeepClone();
            }

            Add(parameter.Name, parameter.Location, parameter.Required, schema);
        }

        var body = ToolBody.None;
        if (operation.RequestBody is { } requestBody)
        {
            if (requestBody.Content.GetValueOrDefault(Multipart)?.Schema is { } parts)
            {
                body = ToolBody.Multipart;
                var schema = Inline(document, parts.Pointer) as JsonObject ?? throw new FormatException($"The MCP tool '{name}': the multipart body of {operation.Key} is no object schema.");
                var needed = Names(schema["required"]);
                foreach (var (part, partSchema) in schema["properties"] as JsonObject ?? [])
                {
                    var file = partSchema?["format"] is JsonValue f && f.GetValue<string>() is "binary";
                    var text = new JsonObject { ["type"] = "string" };
                    if (partSchema?["description"] is JsonValue d)
                    {
                        text["description"] = file ? $"{d.GetValue<string>()} (sent as a file part holding this text)" : d.DeepClone();
                    }

                    Add(part, "part", needed.Contains(part), text, file);
                }
            }
            else if (requestBody.Content.GetValueOrDefault(Json)?.Schema is { } json)
            {
                var schema = Inline(document, json.Pointer);
                var flat = schema is JsonObject o
                    && o["type"] is JsonValue t && t.GetValue<string>() == "object"
                    && o["properties"] is JsonObject bodyProperties
                    && (o["additionalProperties"] is null || (o["additionalProperties"] is JsonValue a && a.GetValueKind() == System.Text.Json.JsonValueKind.False))
                    && !o.Any(p => p.Key is "oneOf" or "anyOf" or "allOf" or "not" or "if")
                    && !bodyProperties.Any(p => properties.ContainsKey(p.Key));
                if (flat)
                {
                    body = ToolBody.Flattened;
                    var needed = Names(schema!["required"]);
                    foreach (var (property, propertySchema) in (JsonObject)schema["properties"]!)
                    {
                        Add(property, "body", needed.Contains(property), propertySchema!.DeepClone());
                    }
                }
                else
                {
                    body = ToolBody.Whole;
                    Add("body", "body", requestBody.Required, schema);
                }
            }
            else
            {
                throw new FormatException($"The MCP tool '{name}': {operation.Key} takes a body that is neither JSON nor multipart ({string.Join(", ", requestBody.Content.Keys)}); give it x-rostro-mcp: {{left-out: ...}}.");
            }
        }

        var input = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        if (required.Count > 0)
        {
            input["required"] = required;
        }

        return new SpecTool(name, operation, input, Output(operation, document), arguments, body);
    }

    // The first success answer's JSON schema, when it is an object: MCP's outputSchema describes an object.
    private static JsonObject? Output(SpecOperation operation, SchemaDocument document)
    {
        var success = operation.Responses.Where(r => r.Key.Length == 3 && r.Key[0] == '2').OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).FirstOrDefault();
        return success?.GetValueOrDefault(Json)?.Schema is { } schema && Inline(document, schema.Pointer) is JsonObject o && o["type"] is JsonValue t && t.GetValue<string>() == "object" ? o : null;
    }

    private static HashSet<string> Names(JsonNode? array) =>
        (array as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);

    // Where a parameter's schema stands is ".../schema": the parameter (and its description) is the parent.
    private static string Parent(string? pointer) => pointer is null ? "/-" : pointer[..pointer.LastIndexOf('/')];

    /// <summary>The schema at a pointer of the 3.1 document, every <c>$ref</c> replaced by what it names: a tool's schema stands alone.</summary>
    internal static JsonNode Inline(SchemaDocument document, string pointer) =>
        Inline(document, document.Find(pointer) ?? throw new FormatException($"The spec has no schema at {pointer}."), []);

    private static JsonNode Inline(SchemaDocument document, JsonNode node, List<string> refs)
    {
        switch (node)
        {
            case JsonObject schema when schema["$ref"] is JsonValue r && r.GetValue<string>() is var reference:
            {
                var local = reference.StartsWith('#') ? reference[1..] : throw new FormatException($"A tool's schema refers outside the spec: {reference}.");
                if (refs.Contains(local))
                {
                    throw new FormatException($"A tool's schema is recursive ({string.Join(" → ", refs.Append(local))}); MCP hosts want schemas without references.");
                }

                refs.Add(local);
                var target = Inline(document, document.Find(local) ?? throw new FormatException($"The spec has no schema at {reference}."), refs);
                refs.RemoveAt(refs.Count - 1);
                if (target is JsonObject resolved)
                {
                    // Keywords beside a $ref (a description) win over the target's.
                    foreach (var (key, value) in schema.Where(p => p.Key != "$ref"))
                    {
                        resolved[key] = Inline(document, value!, refs);
                    }
                }

                return target;
            }

            case JsonObject schema:
            {
                var copy = new JsonObject();
                foreach (var (key, value) in schema)
                {
                    if (s_maps.Contains(key) && value is JsonObject map)
                    {
                        copy[key] = new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Inline(document, p.Value, refs))));
                        continue;
                    }

                    if (s_openApiOnly.Contains(key))
                    {
                        continue;
                    }

                    if (key == "example")
                    {
                        // OpenAPI's example is JSON Schema's examples.
                        if (!schema.ContainsKey("examples"))
                        {
                            copy["examples"] = new JsonArray(value?.DeepClone());
                        }

                        continue;
                    }

                    copy[key] = value is null ? null : s_data.Contains(key) ? value.DeepClone() : Inline(document, value, refs);
                }

                return copy;
            }

            case JsonArray array:
                return new JsonArray([.. array.Select(item => item is null ? null : Inline(document, item, refs))]);
            default:
                return node.DeepClone();
        }
    }
}
