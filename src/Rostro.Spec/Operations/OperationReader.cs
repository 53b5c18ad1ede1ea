using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.Spec.Schemas;

namespace Rostro.Spec.Operations;

/// <summary>Flattens Microsoft.OpenApi's operation model into <see cref="SpecOperation"/> records, each schema with its place in the document.</summary>
internal static class OperationReader
{
    /// <summary>The name a lone <c>example</c> is exposed under, next to the named <c>examples</c>.</summary>
    public const string DefaultExampleName = "default";

    public static IReadOnlyList<SpecOperation> Read(OpenApiDocument document, SchemaDocument schemas)
    {
        var operations = new List<SpecOperation>();
        foreach (var (path, pathItem) in document.Paths ?? [])
        {
            var pathPointer = SchemaDocument.Pointer("paths", path);
            var shared = (pathItem.Parameters ?? []).Select((p, i) => (Parameter: p, Pointer: $"{pathPointer}/parameters/{i}")).ToList();
            foreach (var (method, operation) in pathItem.Operations ?? [])
            {
                var operationPointer = $"{pathPointer}/{method.Method.ToLowerInvariant()}";
                operations.Add(ReadOperation(method.Method, path, operation, operationPointer, shared, schemas));
            }
        }

        return operations;
    }

    private static SpecOperation ReadOperation(
        string method,
        string path,
        OpenApiOperation operation,
        string pointer,
        List<(IOpenApiParameter Parameter, string Pointer)> shared,
        SchemaDocument schemas)
    {
        var own = (operation.Parameters ?? []).Select((p, i) => (Parameter: p, Pointer: $"{pointer}/parameters/{i}")).ToList();
        // Path-level parameters first; an operation's parameter overrides one of the same name and location.
        var parameters = shared
            .Where(s => !own.Any(o => o.Parameter.Name == s.Parameter.Name && o.Parameter.In == s.Parameter.In))
            .Concat(own)
            .Select(p => ReadParameter(p.Parameter, p.Pointer, schemas))
            .ToList();

        return new SpecOperation(
            Method: method.ToUpperInvariant(),
            PathTemplate: path,
            OperationId: operation.OperationId ?? string.Empty,
            Tag: operation.Tags?.FirstOrDefault()?.Name,
            Summary: operation.Summary,
            // Absent security inherits the document's requirement; only an explicit [] makes an operation public.
            IsPublic: operation.Security is { Count: 0 },
            Parameters: parameters,
            RequestBody: operation.RequestBody is { } body
                ? new SpecRequestBody(body.Required, ReadContent(body.Content, Located(body, $"{pointer}/requestBody", "requestBodies"), schemas))
                : null,
            Responses: (operation.Responses ?? []).ToDictionary(
                r => r.Key,
                r => ReadContent(r.Value.Content, Located(r.Value, $"{pointer}/responses/{Escape(r.Key)}", "responses"), schemas),
                StringComparer.Ordinal),
            Raw: operation,
            Facts: OperationFactsReader.Read(operation, pointer));
    }

    private static SpecParameter ReadParameter(IOpenApiParameter parameter, string pointer, SchemaDocument schemas)
    {
        var at = Located(parameter, pointer, "parameters");
        return new SpecParameter(
            parameter.Name ?? string.Empty,
            LocationOf(parameter.In),
            parameter.Required || parameter.In == ParameterLocation.Path,
            parameter.Schema is { } schema ? schemas.At($"{at}/schema", schema) : null,
            ReadExamples(parameter.Example, parameter.Examples));
    }

    // A referenced element stands in components, not where it is used.
    private static string Located(object element, string inPlace, string componentKind)
    {
        var reference = element switch
        {
            OpenApiParameterReference p => (p.Reference.Id, p.UnresolvedReference),
            OpenApiRequestBodyReference b => (b.Reference.Id, b.UnresolvedReference),
            OpenApiResponseReference r => (r.Reference.Id, r.UnresolvedReference),
            _ => (Id: (string?)null, UnresolvedReference: false),
        };
        return reference switch
        {
            (null, _) => inPlace,
            (var id, true) => throw new InvalidOperationException($"The reference to '{id}' at {inPlace} does not resolve."),
            (var id, false) => SchemaDocument.Pointer("components", componentKind, id),
        };
    }

    private static string LocationOf(ParameterLocation? location) => location switch
    {
        ParameterLocation.Path => "path",
        ParameterLocation.Query => "query",
        ParameterLocation.Header => "header",
        ParameterLocation.Cookie => "cookie",
        _ => location?.ToString().ToLowerInvariant() ?? "query",
    };

    private static IReadOnlyDictionary<string, SpecMediaType> ReadContent(IDictionary<string, IOpenApiMediaType>? content, string pointer, SchemaDocument schemas) =>
        (content ?? new Dictionary<string, IOpenApiMediaType>()).ToDictionary(
            c => c.Key,
            c => new SpecMediaType(
                c.Value.Schema is { } schema ? schemas.At($"{pointer}/content/{Escape(c.Key)}/schema", schema) : null,
                ReadExamples(c.Value.Example, c.Value.Examples)),
            StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, JsonNode?> ReadExamples(JsonNode? single, IDictionary<string, IOpenApiExample>? named)
    {
        var examples = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (single is not null)
        {
            examples[DefaultExampleName] = OpenApiJson.Plain(single);
        }

        foreach (var (name, example) in named ?? new Dictionary<string, IOpenApiExample>())
        {
            examples[name] = OpenApiJson.Plain(example.Value);
        }

        return examples;
    }

    private static string Escape(string segment) => SchemaDocument.Pointer(segment)[1..];
}
