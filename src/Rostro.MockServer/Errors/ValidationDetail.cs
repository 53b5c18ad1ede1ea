using System.Text.Json.Serialization;

namespace Rostro.MockServer.Errors;

/// <summary>One entry of a FastAPI-style 422 <c>detail</c> list: where the input is wrong, why, and a machine-readable type.</summary>
/// <param name="Loc">Where: the part of the request (<c>body</c>, <c>query</c>, <c>path</c>, <c>header</c>) then property names and array indexes, e.g. <c>["body","messages",0,"role"]</c>.</param>
/// <param name="Msg">A human explanation (<c>Field required</c>).</param>
/// <param name="Type">Pydantic's error type (<c>missing</c>, <c>int_parsing</c>, <c>enum</c>, <c>greater_than_equal</c>, ...).</param>
public sealed record ValidationDetail(
    [property: JsonPropertyName("loc")] IReadOnlyList<object> Loc,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("type")] string Type);
