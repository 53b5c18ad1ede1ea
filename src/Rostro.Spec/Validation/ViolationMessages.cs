using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rostro.Spec;

/// <summary>Human messages for violations, worded like FastAPI/pydantic so the mock's 422s read like the real API's.</summary>
internal static class ViolationMessages
{
    /// <param name="kind">The rule broken.</param>
    /// <param name="rule">The schema object that states it (its keyword values fill the message), or null when unknown.</param>
    /// <param name="fallback">JsonSchema.Net's own message, for rules without a pydantic wording.</param>
    public static string For(ViolationKind kind, JsonObject? rule, string? fallback) => kind switch
    {
        ViolationKind.Required => "Field required",
        ViolationKind.Type => $"Input should be {OneOf(Types(rule?["type"]).Select(TypeWords).ToList())}",
        ViolationKind.Enum => rule?["enum"] is JsonArray { Count: > 0 } values
            ? $"Input should be {OneOf(values.Select(Quote).ToList())}"
            : "Input should be one of the allowed values",
        ViolationKind.Const => $"Input should be {Quote(rule?["const"])}",
        ViolationKind.Pattern => $"String should match pattern '{rule?["pattern"]}'",
        ViolationKind.MinLength => $"String should have at least {Number(rule, "minLength")} characters",
        ViolationKind.MaxLength => $"String should have at most {Number(rule, "maxLength")} characters",
        ViolationKind.Minimum => $"Input should be greater than or equal to {Number(rule, "minimum")}",
        ViolationKind.ExclusiveMinimum => $"Input should be greater than {Number(rule, "exclusiveMinimum")}",
        ViolationKind.Maximum => $"Input should be less than or equal to {Number(rule, "maximum")}",
        ViolationKind.ExclusiveMaximum => $"Input should be less than {Number(rule, "exclusiveMaximum")}",
        ViolationKind.MultipleOf => $"Input should be a multiple of {Number(rule, "multipleOf")}",
        ViolationKind.MinItems => $"List should have at least {Number(rule, "minItems")} items",
        ViolationKind.MaxItems => $"List should have at most {Number(rule, "maxItems")} items",
        ViolationKind.UniqueItems => "List items should be unique",
        ViolationKind.MinProperties => $"Object should have at least {Number(rule, "minProperties")} properties",
        ViolationKind.MaxProperties => $"Object should have at most {Number(rule, "maxProperties")} properties",
        ViolationKind.AdditionalProperties => "Extra inputs are not permitted",
        ViolationKind.Format => rule?["format"]?.GetValue<string>() switch
        {
            "date-time" => "Input should be a valid datetime",
            "date" => "Input should be a valid date",
            "time" => "Input should be a valid time",
            "uri" or "uri-reference" => "Input should be a valid URL",
            "email" => "Input should be a valid email address",
            "uuid" => "Input should be a valid UUID",
            "int32" => "Input should be an integer from -2147483648 to 2147483647",
            "int64" => "Input should be an integer from -9223372036854775808 to 9223372036854775807",
            { } format => $"Input should match the format '{format}'",
            null => "Input should match its format",
        },
        ViolationKind.OneOf => "Input should match exactly one of the allowed schemas",
        ViolationKind.AnyOf => "Input should match at least one of the allowed schemas",
        ViolationKind.Not => "Input should not match the excluded schema",
        _ => fallback ?? "Input is not valid",
    };

    // Every type a `type` keyword admits except null (3.1 writes a nullable type as ["null", "string"]).
    private static List<string> Types(JsonNode? type) => type switch
    {
        JsonValue single => [single.GetValue<string>()],
        JsonArray many => many.Select(t => t?.GetValue<string>()).OfType<string>().Where(t => t != "null").DefaultIfEmpty("null").ToList(),
        _ => ["the documented type"],
    };

    private static string TypeWords(string type) => type switch
    {
        "string" => "a valid string",
        "number" => "a valid number",
        "integer" => "a valid integer",
        "boolean" => "a valid boolean",
        "object" => "a valid object",
        "array" => "a valid array",
        "null" => "null",
        _ => type,
    };

    /// <summary>The type a <c>type</c> keyword wants, leaving out <c>null</c> (3.1 writes a nullable type as <c>["null", "string"]</c>).</summary>
    public static string? ExpectedType(JsonNode? type) => type switch
    {
        JsonValue single => single.GetValue<string>(),
        JsonArray many => many.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not null and not "null") ?? "null",
        _ => null,
    };

    private static string Number(JsonObject? rule, string keyword) => rule?[keyword]?.ToJsonString() ?? "?";

    private static string OneOf(List<string> values) =>
        values.Count == 1 ? values[0] : $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}";

    private static string Quote(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{v.GetValue<string>()}'",
        _ => value.ToJsonString(),
    };
}
