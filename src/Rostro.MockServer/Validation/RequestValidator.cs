using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.MockServer.Errors;
using Rostro.Spec;
using Rostro.Spec.Schemas;

namespace Rostro.MockServer.Validation;

/// <summary>Validates a request's path, query and JSON body against its operation with Rostro.Spec's validator, collecting every violation.</summary>
/// <remarks>
/// Path and query values arrive as text: each is converted to the type its schema declares when it can be
/// (<c>"3"</c> → 3, <c>"true"</c> → true), and otherwise handed to the validator as the string it is, so the
/// validator itself reports the mismatch (<c>int_parsing</c>). Nothing here re-implements a JSON Schema rule.
/// </remarks>
internal static class RequestValidator
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
                    Check(parameter, Convert(raw, parameter.Schema?.Definition), details);
                }

                continue;
            }

            if (parameter.Location != "query")
            {
                continue;
            }

            JsonNode? value = null;
            var present = false;
            if (query.TryGetValue(parameter.Name, out var values) && values.Count > 0)
            {
                present = true;
                value = IsArray(parameter.Schema)
                    ? new JsonArray(values.SelectMany(v => (v ?? string.Empty).Split(',')).Select(v => Convert(v, parameter.Schema!.Definition.Items)).ToArray())
                    : Convert(values[^1] ?? string.Empty, parameter.Schema?.Definition);
            }
            else if (bodyFallback is not null && bodyFallback.TryGetPropertyValue(parameter.Name, out var fromBody))
            {
                present = true;
                value = fromBody?.DeepClone();
            }

            if (!present)
            {
                if (parameter.Required)
                {
                    details.Add(new ValidationDetail(["query", parameter.Name], "Field required", "missing"));
                }
                else if (parameter.Schema?.Default is { } fallback)
                {
                    typed[parameter.Name] = fallback;
                }

                continue;
            }

            if (Check(parameter, value, details))
            {
                typed[parameter.Name] = value;
            }
        }

        return details;
    }

    /// <summary>Validates a JSON body (already parsed) against the operation's <c>application/json</c> schema.</summary>
    public static List<ValidationDetail> ValidateBody(SpecSchema schema, JsonNode? body)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return SchemaValidator.Validate(body, schema)
            .Select(v => ViolationTypes.ToDetail(["body"], v, fromText: false))
            .ToList();
    }

    private static bool Check(SpecParameter parameter, JsonNode? value, List<ValidationDetail> details)
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

    private static bool IsArray(SpecSchema? schema) => schema?.Definition.Type?.HasFlag(JsonSchemaType.Array) == true;

    // Text → the schema's type when the text is a valid literal of it; otherwise the text itself, for the validator to reject.
    private static JsonNode Convert(string raw, IOpenApiSchema? schema)
    {
        var type = schema?.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Integer) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (type.HasFlag(JsonSchemaType.Number) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        if (type.HasFlag(JsonSchemaType.Boolean))
        {
            // Pydantic's lax booleans.
            switch (raw.ToLowerInvariant())
            {
                case "true" or "1" or "yes" or "on" or "t" or "y":
                    return JsonValue.Create(true);
                case "false" or "0" or "no" or "off" or "f" or "n":
                    return JsonValue.Create(false);
            }
        }

        return JsonValue.Create(raw);
    }
}
