using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.Spec.Schemas;

namespace Rostro.Spec;

/// <summary>One operation of the spec, flattened so consumers need not walk Microsoft.OpenApi's object model.</summary>
/// <param name="Method">HTTP method, upper-case (<c>GET</c>, <c>POST</c>, ...).</param>
/// <param name="PathTemplate">The path as written in the spec, e.g. <c>/api/gallery/{uuid}</c>.</param>
/// <param name="OperationId">The spec's operationId (empty when the spec omits it; the spec tests reject that).</param>
/// <param name="Tag">First tag: the API area the operation belongs to.</param>
/// <param name="Summary">One-line summary from the spec.</param>
/// <param name="IsPublic">True only when the operation declares <c>security: []</c>, i.e. it opts out of the global credentials.</param>
/// <param name="Parameters">Path-level and operation-level parameters, references resolved.</param>
/// <param name="RequestBody">The request body, or null when the operation takes none.</param>
/// <param name="Responses">Status code (as written: <c>200</c>, <c>4XX</c>, <c>default</c>) → content type → schema and examples. A response without content maps to an empty dictionary.</param>
/// <param name="Raw">Microsoft.OpenApi's operation, for anything this record does not surface.</param>
/// <param name="Facts">What the spec states beyond shapes: safety class, credits, how a creation is undone, owned values, listing rules.</param>
public sealed record SpecOperation(
    string Method,
    string PathTemplate,
    string OperationId,
    string? Tag,
    string? Summary,
    bool IsPublic,
    IReadOnlyList<SpecParameter> Parameters,
    SpecRequestBody? RequestBody,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, SpecMediaType>> Responses,
    OpenApiOperation Raw,
    OperationFacts Facts)
{
    /// <summary><c>METHOD /path</c>, the form the seed inventory and test names use.</summary>
    public string Key => $"{Method} {PathTemplate}";

    /// <inheritdoc />
    public override string ToString() => Key;
}

/// <summary>A parameter of an operation.</summary>
/// <param name="Name">Name as it appears on the wire.</param>
/// <param name="Location">Where it travels, in OpenAPI's words: <c>path</c>, <c>query</c>, <c>header</c> or <c>cookie</c> (also the first <c>loc</c> segment of a 422 detail).</param>
/// <param name="Required">Whether the request must carry it (always true for path parameters).</param>
/// <param name="Schema">Its schema, or null when the spec gives none.</param>
/// <param name="Examples">Examples by name; a single <c>example</c> appears as <c>default</c>. Shared with the spec: clone before changing one.</param>
public sealed record SpecParameter(
    string Name,
    string Location,
    bool Required,
    SpecSchema? Schema,
    IReadOnlyDictionary<string, JsonNode?> Examples);

/// <summary>The request body of an operation.</summary>
/// <param name="Required">Whether a body must be sent.</param>
/// <param name="Content">Content type → schema and examples.</param>
public sealed record SpecRequestBody(
    bool Required,
    IReadOnlyDictionary<string, SpecMediaType> Content);

/// <summary>The schema and examples of one content type of a request or response.</summary>
/// <param name="Schema">The schema, or null when none is given.</param>
/// <param name="Examples">Examples by name; a single <c>example</c> appears as <c>default</c>. Shared with the spec: clone before changing one.</param>
public sealed record SpecMediaType(
    SpecSchema? Schema,
    IReadOnlyDictionary<string, JsonNode?> Examples);
