using Newtonsoft.Json.Linq;
using NSwag;

namespace Rostro.Spec.Operations;

/// <summary>Flattens NSwag's operation model into <see cref="SpecOperation"/> records.</summary>
internal static class OperationReader
{
    /// <summary>The name a lone <c>example</c> is exposed under, next to the named <c>examples</c>.</summary>
    public const string DefaultExampleName = "default";

    public static IReadOnlyList<SpecOperation> Read(OpenApiDocument document)
    {
        var operations = new List<SpecOperation>();
        foreach (var (path, pathItem) in document.Paths)
        {
            foreach (var (method, operation) in pathItem)
            {
                operations.Add(ReadOperation(method, path, operation));
            }
        }

        return operations;
    }

    private static SpecOperation ReadOperation(string method, string path, OpenApiOperation operation) => new(
        Method: method.ToUpperInvariant(),
        PathTemplate: path,
        OperationId: operation.OperationId ?? string.Empty,
        Tag: operation.Tags?.FirstOrDefault(),
        Summary: operation.Summary,
        // Absent security inherits the document's requirement; only an explicit [] makes an operation public.
        IsPublic: operation.Security is { Count: 0 },
        Parameters: operation.ActualParameters.Select(ReadParameter).ToList(),
        RequestBody: operation.RequestBody is { } body
            ? new SpecRequestBody(body.IsRequired, ReadContent(body.Content))
            : null,
        Responses: operation.Responses.ToDictionary(
            r => r.Key,
            r => ReadContent(r.Value.ActualResponse.Content),
            StringComparer.Ordinal),
        Raw: operation);

    private static SpecParameter ReadParameter(OpenApiParameter parameter)
    {
        var actual = parameter.ActualParameter;
        return new SpecParameter(
            actual.Name,
            LocationOf(actual.Kind),
            actual.IsRequired || actual.Kind == OpenApiParameterKind.Path,
            actual.Schema,
            ReadExamples(actual.Example, actual.Examples));
    }

    private static string LocationOf(OpenApiParameterKind kind) => kind switch
    {
        OpenApiParameterKind.Path => "path",
        OpenApiParameterKind.Query => "query",
        OpenApiParameterKind.Header => "header",
        OpenApiParameterKind.Cookie => "cookie",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyDictionary<string, SpecMediaType> ReadContent(IDictionary<string, OpenApiMediaType>? content) =>
        (content ?? new Dictionary<string, OpenApiMediaType>()).ToDictionary(
            c => c.Key,
            c => new SpecMediaType(c.Value.Schema, ReadExamples(c.Value.Example, c.Value.Examples)),
            StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, object?> ReadExamples(object? single, IDictionary<string, OpenApiExample>? named)
    {
        var examples = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (single is not null)
        {
            examples[DefaultExampleName] = AsToken(single);
        }

        foreach (var (name, example) in named ?? new Dictionary<string, OpenApiExample>())
        {
            examples[name] = AsToken(example.ActualExample.Value);
        }

        return examples;
    }

    // NSwag keeps a parameter's example as a CLR scalar (long, string) but media examples as JTokens: expose one kind.
    private static JToken? AsToken(object? value) => value switch
    {
        null => null,
        JToken token => token,
        _ => JToken.FromObject(value),
    };
}
