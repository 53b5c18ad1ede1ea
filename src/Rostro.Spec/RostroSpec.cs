using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Rostro.Spec.Operations;
using Rostro.Spec.Schemas;

namespace Rostro.Spec;

/// <summary>The Rostro OpenAPI spec, loaded once and read by the mock server, the client tests and the contract tests.</summary>
/// <remarks>
/// Read by Microsoft.OpenApi (YAML included, scalars typed). Its schemas are validated by JsonSchema.Net against the same
/// document written back by Microsoft.OpenApi as OpenAPI 3.1, whose schemas are JSON Schema 2020-12: that writer turns
/// 3.0's <c>nullable: true</c> into a <c>null</c> type, so no OpenAPI-3.0 rule is re-implemented here.
/// </remarks>
public sealed class RostroSpec
{
    /// <summary>Logical name of the embedded <c>openapi/rostro.yaml</c>.</summary>
    public const string EmbeddedResourceName = "rostro.yaml";

    // Consumers ask for the embedded spec often (every test class, the mock at start-up): parse it once.
    private static readonly Lazy<Task<RostroSpec>> s_embedded = new(LoadEmbeddedCoreAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, SpecOperation> _byKey;
    private readonly SchemaDocument _schemas;
    private readonly Dictionary<string, Mcp.SpecTool> _tools;

    private RostroSpec(string yaml, string json, OpenApiDocument document, SchemaDocument schemas, IReadOnlyList<string> warnings)
    {
        Yaml = yaml;
        Json = json;
        Document = document;
        Warnings = warnings;
        _schemas = schemas;
        Operations = OperationReader.Read(document, schemas);
        Tools = Mcp.ToolDerivation.Derive(Operations, schemas);
        _tools = Tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _byKey = Operations
            .GroupBy(o => o.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The spec's YAML text exactly as written, for serving at <c>/openapi.yaml</c>.</summary>
    public string Yaml { get; }

    /// <summary>The same document as OpenAPI 3.0 JSON, as Microsoft.OpenApi writes it, for JSON-only readers.</summary>
    public string Json { get; }

    /// <summary>Microsoft.OpenApi's model of the spec.</summary>
    public OpenApiDocument Document { get; }

    /// <summary>What Microsoft.OpenApi warned about while reading (the spec tests require none).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The headers that carry a credential, from the spec's security schemes (http: <c>Authorization</c>; apiKey in a header: its name), in the spec's order.</summary>
    public IReadOnlyList<string> CredentialHeaders
    {
        get
        {
            var headers = new List<string>();
            foreach (var (_, scheme) in Document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>())
            {
                var header = scheme.Type switch
                {
                    SecuritySchemeType.Http => "Authorization",
                    SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Header => scheme.Name,
                    _ => null,
                };
                if (header is not null && !headers.Contains(header, StringComparer.OrdinalIgnoreCase))
                {
                    headers.Add(header);
                }
            }

            return headers;
        }
    }

    /// <summary>Every operation, in the order the spec lists them.</summary>
    public IReadOnlyList<SpecOperation> Operations { get; }

    /// <summary>The MCP tools, one per operation that names one (<c>x-rostro-mcp</c>), in the spec's order.</summary>
    public IReadOnlyList<Mcp.SpecTool> Tools { get; }

    /// <summary>The tool of this name, or null.</summary>
    public Mcp.SpecTool? Tool(string name) => _tools.GetValueOrDefault(name);

    /// <summary>Loads the copy of <c>openapi/rostro.yaml</c> compiled into this assembly (cached after the first call).</summary>
    public static Task<RostroSpec> LoadEmbeddedAsync() => s_embedded.Value;

    /// <summary>Loads a spec from YAML (or JSON, which is YAML too) text.</summary>
    /// <exception cref="FormatException">The text is not YAML, or not an OpenAPI document Microsoft.OpenApi can read without errors.</exception>
    public static async Task<RostroSpec> LoadAsync(string yamlText)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        if (string.IsNullOrWhiteSpace(yamlText))
        {
            throw new FormatException("The spec is empty.");
        }

        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        ReadResult result;
        try
        {
            result = OpenApiDocument.Parse(yamlText, OpenApiConstants.Yaml, settings);
        }
        catch (Exception e) when (e is OpenApiException or InvalidOperationException or ArgumentException or JsonException or FormatException or SharpYaml.YamlException)
        {
            throw new FormatException($"The spec is not an OpenAPI document: {e.Message}", e);
        }

        var errors = result.Diagnostic?.Errors ?? [];
        if (result.Document is not { } document || errors.Count > 0)
        {
            var reasons = errors.Count == 0 ? "nothing could be read" : string.Join("; ", errors.Take(5).Select(e => $"{e.Pointer}: {e.Message}"));
            throw new FormatException($"The spec is not an OpenAPI document Microsoft.OpenApi can read: {reasons}.");
        }

        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0).ConfigureAwait(false);
        var asJsonSchema = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1).ConfigureAwait(false);
        var schemas = new SchemaDocument((JsonObject)JsonNode.Parse(asJsonSchema)!);
        var warnings = (result.Diagnostic?.Warnings ?? []).Select(w => $"{w.Pointer}: {w.Message}").ToList();
        return new RostroSpec(yamlText, json, document, schemas, warnings);
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
    public SpecSchema Schema(string componentName)
    {
        ArgumentNullException.ThrowIfNull(componentName);
        return Document.Components?.Schemas?.TryGetValue(componentName, out var schema) == true
            ? _schemas.At(SchemaDocument.Pointer("components", "schemas", componentName), schema)
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
