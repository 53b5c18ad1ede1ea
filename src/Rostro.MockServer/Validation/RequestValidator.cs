using System.Globalization;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using Rostro.MockServer.Errors;
using Rostro.Spec;

namespace Rostro.MockServer.Validation;

/// <summary>Validates a request's path, query and JSON body against its operation with Rostro.Spec's validator, collecting every violation.</summary>
/// <remarks>
/// Path and query values arrive as text: each is converted to the type its schema declares when it can be
/// (<c>"3"</c> → 3, <c>"true"</c> → true), and otherwise handed to the validator as the string it is, so the
/// validator itself reports the mismatch (<c>int_parsing</c>). Nothing here re-implements a JSON Schema rule.
/// </remarks>
public static class RequestValidator
{
    private static readonly Dictionary<string, JsonNode?> s_noValues = new(0, StringComparer.Ordinal);

    /// <summary>Validates path and query parameters; fills <paramref name="queryValues"/> with typed values and schema defaults.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="pathValues">Raw path values by name.</param>
    /// <param name="query">The request's query.</param>
    /// <param name="bodyFallback">For operations that take no body: a JSON object sent anyway (the documentation's GET-with-body), whose properties stand in for missing query parameters.</param>
    /// <param name="queryValues">Typed query values by name.</param>
    public static IReadOnlyList<ValidationDetail> ValidateParameters(
        SpecOperation operation,
        IReadOnlyDictionary<string, string> pathValues,
        IQueryCollection query,
        JsonObject? bodyFallback,
        out IReadOnlyDictionary<string, JsonNode?> queryValues)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(pathValues);
        ArgumentNullException.ThrowIfNull(query);
        if (operation.Parameters.Count == 0)
        {
            // The hot path (GET /v1/models): nothing to check, nothing to allocate.
            queryValues = s_noValues;
            return [];
        }

        var details = new List<ValidationDetail>();
        var typed = new Dictionary<string, JsonNode?>(operation.Parameters.Count, StringComparer.Ordinal);
        queryValues = typed;

        foreach (var parameter in operation.Parameters)
        {
            if (parameter.Location == "path")
            {
                if (pathValues.TryGetValue(parameter.Name, out var raw))
                {
                    Check(parameter, Convert(raw, parameter.Schema), details);
                }

                continue;
            }

            if (parameter.Location != "query")
            {
                continue;
            }

            JToken? token = null;
            if (query.TryGetValue(parameter.Name, out var values) && values.Count > 0)
            {
                token = IsArray(parameter.Schema)
                    ? new JArray(values.SelectMany(v => (v ?? string.Empty).Split(',')).Select(v => Convert(v, parameter.Schema!.ActualSchema.Item)))
                    : Convert(values[^1] ?? string.Empty, parameter.Schema);
            }
            else if (bodyFallback is not null && bodyFallback.TryGetPropertyValue(parameter.Name, out var fromBody))
            {
                token = fromBody is null ? JValue.CreateNull() : JToken.Parse(fromBody.ToJsonString());
            }

            if (token is null)
            {
                if (parameter.Required)
                {
                    details.Add(new ValidationDetail(["query", parameter.Name], "Field required", "missing"));
                }
                else if (parameter.Schema?.ActualSchema.Default is { } fallback)
                {
                    typed[parameter.Name] = JsonNode.Parse(JToken.FromObject(fallback).ToString(Newtonsoft.Json.Formatting.None));
                }

                continue;
            }

            if (Check(parameter, token, details))
            {
                typed[parameter.Name] = JsonNode.Parse(token.ToString(Newtonsoft.Json.Formatting.None));
            }
        }

        return details;
    }

    /// <summary>Validates a JSON body (already parsed) against the operation's <c>application/json</c> schema.</summary>
    public static List<ValidationDetail> ValidateBody(JsonSchema schema, string json)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(json);
        return SchemaValidator.Validate(json, schema)
            .Select(v => ViolationTypes.ToDetail(["body"], v, fromText: false))
            .ToList();
    }

    private static bool Check(SpecParameter parameter, JToken value, List<ValidationDetail> details)
    {
        if (parameter.Schema is null)
        {
            return true;
        }

        var violations = SchemaValidator.Validate(value, parameter.Schema);
        foreach (var violation in violations)
        {
            details.Add(ViolationTypes.ToDetail([parameter.Location, parameter.Name], violation, fromText: true));
        }

        return violations.Count == 0;
    }

    private static bool IsArray(JsonSchema? schema) => schema?.ActualSchema.Type.HasFlag(JsonObjectType.Array) == true;

    // Text → the schema's type when the text is a valid literal of it; otherwise the text itself, for the validator to reject.
    private static JToken Convert(string raw, JsonSchema? schema)
    {
        var type = schema?.ActualSchema.Type ?? JsonObjectType.None;
        if (type.HasFlag(JsonObjectType.Integer) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JValue(integer);
        }

        if (type.HasFlag(JsonObjectType.Number) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return new JValue(number);
        }

        if (type.HasFlag(JsonObjectType.Boolean))
        {
            // Pydantic's lax booleans.
            switch (raw.ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on" or "t" or "y":
                    return new JValue(true);
                case "false" or "0" or "no" or "off" or "f" or "n":
                    return new JValue(false);
            }
        }

        return new JValue(raw);
    }
}
