using System.Text.Json.Nodes;

namespace Rostro.Spec.Loading;

/// <summary>Inlines <c>#/components/requestBodies/*</c> references before NSwag reads the document.</summary>
/// <remarks>
/// NSwag.Core 13 has no <c>components.requestBodies</c>: it drops such a <c>$ref</c> and leaves an operation
/// with an empty request body. OpenAPI 3.0 allows the reference and the spec uses it, so the loader copies
/// each referenced body into place. Schemas inside stay references, so nothing else changes.
/// </remarks>
internal static class RequestBodyReferences
{
    private const string Prefix = "#/components/requestBodies/";

    public static string Inline(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject;
        if (root?["components"]?["requestBodies"] is not JsonObject bodies || root["paths"] is not JsonObject paths)
        {
            return json;
        }

        foreach (var (_, pathItem) in paths)
        {
            foreach (var (_, operation) in pathItem as JsonObject ?? [])
            {
                if (operation is JsonObject op && op["requestBody"] is JsonObject body)
                {
                    op["requestBody"] = Resolve(body, bodies, depth: 0);
                }
            }
        }

        return root.ToJsonString();
    }

    private static JsonNode Resolve(JsonObject body, JsonObject bodies, int depth)
    {
        if (body["$ref"]?.GetValue<string>() is not { } reference || !reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return body;
        }

        var name = reference[Prefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        if (depth > 8 || bodies[name] is not JsonObject target)
        {
            throw new FormatException($"The request body reference '{reference}' does not resolve.");
        }

        return Resolve((JsonObject)target.DeepClone(), bodies, depth + 1);
    }
}
