using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;

namespace Rostro.Spec.Schemas;

/// <summary>The spec as OpenAPI 3.1 JSON (its schemas are JSON Schema 2020-12), registered once so any schema location in it can be evaluated.</summary>
/// <remarks>
/// Every schema the spec has is evaluated where it stands in this document (<c>{"$ref": "…#/components/schemas/X"}</c>),
/// so its own <c>$ref</c>s resolve in place and a violation's schema location points into the spec.
/// </remarks>
internal sealed class SchemaDocument
{
    private readonly ConcurrentDictionary<string, SpecSchema> _byPointer = new(StringComparer.Ordinal);

    public SchemaDocument(JsonObject root)
    {
        Root = root;
        SizeUnsizedIntegers(root);
        // Unique per loaded spec: two specs in one process (tests load several) never see each other's schemas.
        BaseUri = new Uri($"https://rostro.invalid/spec/{Guid.NewGuid():N}/openapi.json");
        FlagOptions = Options(OutputFormat.Flag);
        DetailOptions = Options(OutputFormat.Hierarchical);
    }

    /// <summary>The document's root.</summary>
    public JsonObject Root { get; }

    /// <summary>The URI the document is registered under.</summary>
    public Uri BaseUri { get; }

    /// <summary>Options for the fast pass/fail evaluation.</summary>
    public EvaluationOptions FlagOptions { get; }

    /// <summary>Options for the evaluation that explains a failure.</summary>
    public EvaluationOptions DetailOptions { get; }

    /// <summary>An RFC 6901 pointer from segments.</summary>
    public static string Pointer(params string[] segments)
    {
        var pointer = new StringBuilder();
        foreach (var segment in segments)
        {
            pointer.Append('/').Append(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
        }

        return pointer.ToString();
    }

    /// <summary>The schema at <paramref name="pointer"/> (one instance per location).</summary>
    /// <exception cref="InvalidOperationException">Nothing stands at that location: the model and its 3.1 writing disagree.</exception>
    public SpecSchema At(string pointer, IOpenApiSchema definition) =>
        _byPointer.GetOrAdd(pointer, p =>
        {
            if (Find(p) is not JsonObject and not JsonValue)
            {
                throw new InvalidOperationException($"The spec written as OpenAPI 3.1 has no schema at '{p}'.");
            }

            return new SpecSchema(p, definition, this);
        });

    /// <summary>The JSON at a pointer, or null.</summary>
    public JsonNode? Find(string pointer) =>
        Json.Pointer.JsonPointer.TryParse(pointer, out var parsed) && parsed!.TryEvaluate(Root, out var node) ? node : null;

    /// <summary>A schema that is a reference to the location, evaluated with this document registered.</summary>
    public JsonSchema Compile(string pointer) =>
        JsonSchema.FromText($$"""{"$ref":"{{BaseUri}}#{{Uri.EscapeDataString(pointer).Replace("%2F", "/", StringComparison.Ordinal)}}"}""");

    // The API's integers are 64-bit (FastAPI over a SQL database); an integer schema that names no size is held to int64,
    // so a value no client type can hold is a 422 at its field, not a surprise further in (openapi/CURATION.md).
    private static void SizeUnsizedIntegers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                // Only a schema whose one type is integer (null aside): a format constrains every number the schema admits.
                var types = schema["type"] switch
                {
                    JsonValue single => [single.GetValue<string>()],
                    JsonArray many => many.Select(t => t?.GetValue<string>()).Where(t => t is not "null").ToList(),
                    _ => new List<string?>(),
                };
                if (types is ["integer"] && !schema.ContainsKey("format"))
                {
                    schema["format"] = "int64";
                }

                // Values (examples, enum members, defaults) are data, not schemas.
                foreach (var (key, child) in schema.Where(p => p.Key is not ("example" or "examples" or "enum" or "const" or "default")).ToList())
                {
                    SizeUnsizedIntegers(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    SizeUnsizedIntegers(item);
                }

                break;
        }
    }

    private EvaluationOptions Options(OutputFormat format)
    {
        var options = new EvaluationOptions
        {
            OutputFormat = format,
            RequireFormatValidation = true,
            EvaluateAs = SpecVersion.Draft202012,
        };
        options.SchemaRegistry.Register(BaseUri, new JsonNodeBaseDocument(Root, BaseUri));
        return options;
    }
}
