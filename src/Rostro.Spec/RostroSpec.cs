using NJsonSchema;
using NSwag;
using Rostro.Spec.Loading;
using Rostro.Spec.Operations;

namespace Rostro.Spec;

/// <summary>The Rostro OpenAPI spec, loaded once and read by the mock server, the client and the tests.</summary>
public sealed class RostroSpec
{
    /// <summary>Logical name of the embedded <c>openapi/rostro.yaml</c>.</summary>
    public const string EmbeddedResourceName = "rostro.yaml";

    // Consumers ask for the embedded spec often (every test class, the mock at start-up): parse it once.
    private static readonly Lazy<Task<RostroSpec>> s_embedded = new(LoadEmbeddedCoreAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, SpecOperation> _byKey;

    private RostroSpec(string yaml, string json, OpenApiDocument document)
    {
        Yaml = yaml;
        Json = json;
        Document = document;
        Operations = OperationReader.Read(document);
        _byKey = Operations
            .GroupBy(o => o.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The spec's YAML text exactly as written, for serving at <c>/openapi.yaml</c>.</summary>
    public string Yaml { get; }

    /// <summary>The same document as JSON (scalars typed by the YAML 1.2 core schema), for JSON-only readers.</summary>
    public string Json { get; }

    /// <summary>NSwag's model of the spec (OpenAPI 3 schema semantics, so <c>nullable</c> is honoured).</summary>
    public OpenApiDocument Document { get; }

    /// <summary>Every operation, in the order the spec lists them.</summary>
    public IReadOnlyList<SpecOperation> Operations { get; }

    /// <summary>Loads the copy of <c>openapi/rostro.yaml</c> compiled into this assembly (cached after the first call).</summary>
    public static Task<RostroSpec> LoadEmbeddedAsync() => s_embedded.Value;

    /// <summary>Loads a spec from YAML (or JSON, which is YAML too) text.</summary>
    /// <exception cref="FormatException">The text is not YAML, or not an OpenAPI document NSwag can read.</exception>
    public static async Task<RostroSpec> LoadAsync(string yamlText)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var json = YamlJson.ToJson(yamlText);
        OpenApiDocument document;
        try
        {
            var forNSwag = RequestBodyReferences.Inline(json);
            document = await OpenApiDocument.FromJsonAsync(forNSwag, documentPath: null, SchemaType.OpenApi3).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new FormatException($"The spec is not an OpenAPI document NSwag can read: {e.Message}", e);
        }

        return new RostroSpec(yamlText, json, document);
    }

    /// <summary>Finds an operation by method (any case) and path template as written in the spec.</summary>
    public SpecOperation? Find(string method, string pathTemplate)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathTemplate);
        return _byKey.GetValueOrDefault($"{method.ToUpperInvariant()} {pathTemplate}");
    }

    /// <summary>The schema <c>#/components/schemas/{componentName}</c>.</summary>
    /// <exception cref="KeyNotFoundException">The spec has no such component.</exception>
    public JsonSchema Schema(string componentName)
    {
        ArgumentNullException.ThrowIfNull(componentName);
        return Document.Components.Schemas.TryGetValue(componentName, out var schema)
            ? schema
            : throw new KeyNotFoundException($"The spec has no schema '#/components/schemas/{componentName}'.");
    }

    private static async Task<RostroSpec> LoadEmbeddedCoreAsync()
    {
        var assembly = typeof(RostroSpec).Assembly;
        await using var stream = assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"'{EmbeddedResourceName}' is not embedded in {assembly.GetName().Name}; the build links it from openapi/rostro.yaml.");
        using var reader = new StreamReader(stream);
        var yaml = await reader.ReadToEndAsync().ConfigureAwait(false);
        return await LoadAsync(yaml).ConfigureAwait(false);
    }
}
