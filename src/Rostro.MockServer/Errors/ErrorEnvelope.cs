using System.Text.Json.Serialization;

namespace Rostro.MockServer.Errors;

/// <summary>The spec's <c>ValidationErrorResponse</c>: the 422 body, one <see cref="ValidationDetail"/> per violation.</summary>
/// <param name="Detail">The violations.</param>
public sealed record ValidationErrorResponse(
    [property: JsonPropertyName("detail")] IReadOnlyList<ValidationDetail> Detail);

