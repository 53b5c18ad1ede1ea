using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Rostro.Spec.Schemas;

/// <summary>Values of Microsoft.OpenApi's model (examples, defaults, enum members) as plain JSON, the way a parser makes it.</summary>
/// <remarks>The model holds JSON null as a sentinel string (<see cref="JsonNullSentinel"/>) and YAML numbers as decimals; consumers compare and serialize these values like any request body.</remarks>
internal static class OpenApiJson
{
    public static JsonNode? Plain(JsonNode? node) => node switch
    {
        null => null,
        _ when JsonNullSentinel.IsJsonNullSentinel(node) => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Plain(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Plain).ToArray()),
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
