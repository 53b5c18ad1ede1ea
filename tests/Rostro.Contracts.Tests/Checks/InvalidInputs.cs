using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.Spec;
using Rostro.Spec.Schemas;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>One invalid variant of a valid request, derived from the schema: what is broken, where the 422 must name it, and whether a live target may be sent it.</summary>
/// <param name="Name">Stable name, the theory row's (<c>body/rating:maximum</c>).</param>
/// <param name="Loc">The <c>loc</c> the 422 detail must name, as a path (<c>body/rating</c>); null when the answer is the 400 envelope.</param>
/// <param name="LiveSafe">Unambiguous on any target (CURATION 6): a missing required field, a wrong type, a range the seed states. Invented bounds and enums run against a mock only.</param>
/// <param name="Apply">Turns the valid request into this invalid one.</param>
public sealed record InvalidCase(string Name, string? Loc, bool LiveSafe, Func<RequestPlan, RequestPlan> Apply);

/// <summary>Derives the invalid variants of an operation's requests from its schemas, so a new operation gets them with no new code.</summary>
public static class InvalidInputs
{
    /// <summary>Why a variant beyond a bound or enum the spec invented is not sent to a live target.</summary>
    public static readonly Targets.Gate InventedBound = Targets.Gate.MockOnly("invalid values beyond a bound or enum the seed never stated (CURATION 6), which a live API may accept");

    // The only range the documentation itself states (CURATION 6); every other bound in the spec was invented.
    private static readonly HashSet<string> s_seedStatedBounds = new(StringComparer.Ordinal) { "/components/schemas/RatingRequest/properties/rating" };

    public static IReadOnlyList<InvalidCase> For(SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var cases = new List<InvalidCase>();
        foreach (var parameter in operation.Parameters.Where(p => p.Location is "path" or "query"))
        {
            var loc = $"{parameter.Location}/{parameter.Name}";
            if (parameter.Location == "query" && parameter.Required)
            {
                cases.Add(new($"{loc}:missing", loc, true, plan => plan.WithoutQuery(parameter.Name)));
            }

            if (parameter.Schema?.Definition is not { } schema)
            {
                continue;
            }

            if (SingleType(schema) is JsonSchemaType.Integer or JsonSchemaType.Number or JsonSchemaType.Boolean)
            {
                cases.Add(new($"{loc}:type", loc, true, plan => Set(plan, parameter, "not-a-number")));
            }

            if (SingleType(schema) == JsonSchemaType.Integer && schema.Minimum is { } min)
            {
                cases.Add(new($"{loc}:minimum", loc, false, plan => Set(plan, parameter, (ToDecimal(min) - 1).ToString(CultureInfo.InvariantCulture))));
            }

            if (SingleType(schema) == JsonSchemaType.Integer && schema.Maximum is { } max)
            {
                cases.Add(new($"{loc}:maximum", loc, false, plan => Set(plan, parameter, (ToDecimal(max) + 1).ToString(CultureInfo.InvariantCulture))));
            }

            if (schema.Enum is { Count: > 0 })
            {
                cases.Add(new($"{loc}:enum", loc, false, plan => Set(plan, parameter, "rostro-not-a-member")));
            }
        }

        if (operation.RequestBody is { } body)
        {
            if (body.Content.TryGetValue("application/json", out var json) && json.Schema is { } schema)
            {
                cases.Add(new("body:malformed-json", null, true, plan => plan.WithRawBody("{\"rostro\": ")));
                if (body.Required)
                {
                    cases.Add(new("body:absent", "body", true, plan => plan.WithBody(null)));
                }

                var example = json.Examples.Values.FirstOrDefault() as JsonObject ?? [];
                cases.AddRange(ObjectCases(schema, example, ["body"], depth: 0));
            }
            else if (body.Content.TryGetValue("multipart/form-data", out var form) && form.Schema?.Definition.Required is { } parts)
            {
                cases.AddRange(parts.Select(part => new InvalidCase($"body/{part}:missing", $"body/{part}", true, plan => plan.WithoutPart(part))));
            }
        }

        return cases;
    }

    private static IEnumerable<InvalidCase> ObjectCases(SpecSchema schema, JsonObject example, IReadOnlyList<object> at, int depth)
    {
        var definition = schema.Definition;
        foreach (var name in definition.Required ?? new HashSet<string>())
        {
            var path = Path(at, name);
            yield return new($"{path}:missing", path, true, plan => Edit(plan, at, parent => parent.Remove(name)));
        }

        foreach (var (name, _) in definition.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (schema.Property(name) is not { } property || (!example.ContainsKey(name) && definition.Required?.Contains(name) != true))
            {
                continue;
            }

            var path = Path(at, name);
            var p = property.Definition;
            var type = SingleType(p);
            if (type is { } t && WrongType(t) is { } wrong)
            {
                yield return new($"{path}:type", path, true, plan => Edit(plan, at, parent => parent[name] = wrong.DeepClone()));
            }

            if (type is JsonSchemaType.Integer or JsonSchemaType.Number)
            {
                var stated = s_seedStatedBounds.Contains(property.Pointer);
                if (p.Minimum is { } min)
                {
                    yield return new($"{path}:minimum", path, stated, plan => Edit(plan, at, parent => parent[name] = ToDecimal(min) - 1));
                }

                if (p.Maximum is { } max)
                {
                    yield return new($"{path}:maximum", path, stated, plan => Edit(plan, at, parent => parent[name] = ToDecimal(max) + 1));
                }
            }

            if (type == JsonSchemaType.String && p.Enum is { Count: > 0 })
            {
                yield return new($"{path}:enum", path, false, plan => Edit(plan, at, parent => parent[name] = "rostro-not-a-member"));
            }

            if (type == JsonSchemaType.String && p.MaxLength is { } longest && longest <= 100_000)
            {
                yield return new($"{path}:maxLength", path, false, plan => Edit(plan, at, parent => parent[name] = new string('x', longest + 1)));
            }

            // One level down, into the first item of an array of objects (messages[0].role).
            if (depth == 0 && type == JsonSchemaType.Array && example[name] is JsonArray { Count: > 0 } items && items[0] is JsonObject first && p.Items is not null)
            {
                var itemSchema = Items(property);
                if (itemSchema is not null)
                {
                    foreach (var inner in ObjectCases(itemSchema, first, [.. at, name, 0], depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    // The schema of an array's items, as Rostro.Spec exposes it (through the referenced component where there is one).
    private static SpecSchema? Items(SpecSchema array) =>
        array.Definition.Items is OpenApiSchemaReference { Reference.Id: { } id } ? SpecCatalog.Instance.Spec.Schema(id) : null;

    private static RequestPlan Set(RequestPlan plan, SpecParameter parameter, string value) =>
        parameter.Location == "path" ? plan.WithPathValue(parameter.Name, value) : plan.WithQuery(parameter.Name, value);

    private static RequestPlan Edit(RequestPlan plan, IReadOnlyList<object> at, Action<JsonObject> edit)
    {
        var body = plan.Body?.DeepClone() as JsonObject ?? [];
        JsonNode? node = body;
        foreach (var segment in at.Skip(1))
        {
            node = segment is int index ? node?[index] : node?[(string)segment];
        }

        if (node is JsonObject parent)
        {
            edit(parent);
        }

        return plan.WithBody(body);
    }

    private static string Path(IReadOnlyList<object> at, string name) =>
        string.Join('/', at.Select(s => Convert.ToString(s, CultureInfo.InvariantCulture))) + "/" + name;

    // A value no lax coercion turns into the wanted type (pydantic reads "1" as an integer, so a word it is).
    private static JsonNode? WrongType(JsonSchemaType type) => type switch
    {
        JsonSchemaType.String => new JsonObject { ["rostro"] = "not a string" },
        JsonSchemaType.Integer or JsonSchemaType.Number => JsonValue.Create("not-a-number"),
        JsonSchemaType.Boolean => JsonValue.Create("not-a-boolean"),
        JsonSchemaType.Array => JsonValue.Create("not-an-array"),
        JsonSchemaType.Object => JsonValue.Create("not-an-object"),
        _ => null,
    };

    // The one type a schema wants (null allowed beside it); null for unions and untyped schemas.
    private static JsonSchemaType? SingleType(IOpenApiSchema schema)
    {
        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.Type is not { } type)
        {
            return null;
        }

        var withoutNull = type & ~JsonSchemaType.Null;
        return withoutNull != 0 && (withoutNull & (withoutNull - 1)) == 0 ? withoutNull : null;
    }

    private static decimal ToDecimal(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);
}
