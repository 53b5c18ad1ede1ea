using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;

namespace Rostro.Spec.Schemas;

/// <summary>One schema of the spec: where it stands, Microsoft.OpenApi's reading of it, and what validates against it.</summary>
public sealed class SpecSchema
{
    private readonly Lazy<JsonSchema> _compiled;

    internal SpecSchema(string pointer, IOpenApiSchema definition, SchemaDocument document)
    {
        Pointer = pointer;
        Definition = definition;
        Document = document;
        _compiled = new(() => document.Compile(pointer), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>RFC 6901 pointer to the schema in the spec, e.g. <c>/components/schemas/TagsQuery</c> or <c>/paths/~1tags/post/requestBody/content/application~1json/schema</c>.</summary>
    public string Pointer { get; }

    /// <summary>Microsoft.OpenApi's model of the schema (references resolve through it): type, properties, items, format, ...</summary>
    /// <remarks>Its JSON values (<c>Default</c>, <c>Enum</c>, <c>Example</c>) are the model's own; <see cref="Default"/> and <see cref="Enum"/> give them as plain JSON.</remarks>
    public IOpenApiSchema Definition { get; }

    /// <summary>The schema's <c>default</c> as plain JSON (null when it has none, or when it is JSON null).</summary>
    public JsonNode? Default => OpenApiJson.Plain(Definition.Default);

    /// <summary>The schema's <c>enum</c> members as plain JSON (JSON null as <c>null</c>); empty when it has none.</summary>
    public IReadOnlyList<JsonNode?> Enum => Definition.Enum?.Select(OpenApiJson.Plain).ToList() ?? [];

    internal SchemaDocument Document { get; }

    /// <summary>The schema of one property (references followed), or null when the schema declares no such property.</summary>
    public SpecSchema? Property(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Definition.Properties?.TryGetValue(name, out var property) != true)
        {
            return null;
        }

        // A referenced schema's properties stand in components, not where the reference is written.
        var owner = Definition is OpenApiSchemaReference { Reference.Id: { } id } ? SchemaDocument.Pointer("components", "schemas", id) : Pointer;
        return Document.At($"{owner}/properties{SchemaDocument.Pointer(name)}", property!);
    }

    internal JsonSchema Compiled => _compiled.Value;

    /// <inheritdoc />
    public override string ToString() => "#" + Pointer;
}
