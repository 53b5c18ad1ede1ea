using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Rostro.Spec;

/// <summary>Validates JSON instances against the spec's schemas with NJsonSchema, flattening its error tree into <see cref="SchemaViolation"/>s.</summary>
/// <remarks>
/// Always validates with OpenAPI 3 semantics (<see cref="SchemaType.OpenApi3"/>), so <c>nullable: true</c> admits null.
/// The flattened list is what the mock server turns into FastAPI-style 422 <c>detail</c> entries, one per violation.
/// </remarks>
public static class SchemaValidator
{
    private static readonly JsonSchemaValidator s_validator = new();

    /// <summary>Validates JSON text.</summary>
    /// <exception cref="JsonReaderException">The text is not JSON (a 400, not a 422, for the mock server).</exception>
    public static IReadOnlyList<SchemaViolation> Validate(string json, JsonSchema schema)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Validate(Parse(json), schema);
    }

    /// <summary>Validates a System.Text.Json element (what ASP.NET Core hands the mock server).</summary>
    public static IReadOnlyList<SchemaViolation> Validate(JsonElement instance, JsonSchema schema) =>
        Validate(Parse(instance.GetRawText()), schema);

    /// <summary>Validates a Newtonsoft token (what NSwag's examples are).</summary>
    public static IReadOnlyList<SchemaViolation> Validate(JToken instance, JsonSchema schema)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(schema);
        var errors = s_validator.Validate(instance, schema, SchemaType.OpenApi3);
        return FlattenAll(errors, instance);
    }

    // Dates stay strings: Newtonsoft's default would turn "2024-01-01T00:00:00Z" into a Date token and lose the original text.
    private static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
        };
        var token = JToken.ReadFrom(reader);
        if (reader.Read())
        {
            throw new JsonReaderException($"Unexpected content after the JSON value at position {reader.LinePosition}.");
        }

        return token;
    }

    private static void Flatten(ValidationError error, JToken root, List<SchemaViolation> into)
    {
        switch (error)
        {
            case ChildSchemaValidationError child when error.Kind is ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf:
                FlattenUnion(child, root, into);
                break;
            case ChildSchemaValidationError child:
                // Wrappers (array item, additional property, allOf): every nested error is a real violation.
                foreach (var nested in child.Errors.Values.SelectMany(e => e))
                {
                    Flatten(nested, root, into);
                }

                break;
            default:
                into.Add(new SchemaViolation(ViolationPath.Parse(error, root), error.Kind, ViolationMessages.For(error)));
                break;
        }
    }

    // A failed oneOf/anyOf is reported through the branch the instance most nearly matched,
    // so a typo deep inside an object names that field rather than "matches no schema".
    private static void FlattenUnion(ChildSchemaValidationError union, JToken root, List<SchemaViolation> into)
    {
        var unionPath = ViolationPath.Parse(union, root);
        var candidates = union.Errors
            .Select(branch => FlattenAll(branch.Value, root))
            .ToList();

        // A branch that passed means oneOf matched more than once: the union itself is the violation.
        // A branch whose only complaint is the type at the union's own path was never a near match.
        var nearMatches = candidates
            .Where(c => c.Count > 0 && !c.All(v => IsTypeMismatch(v.Kind) && v.Path.SequenceEqual(unionPath)))
            .ToList();

        if (candidates.All(c => c.Count > 0) && nearMatches.Count > 0)
        {
            var fewest = nearMatches.Min(c => c.Count);
            var best = nearMatches.Where(c => c.Count == fewest).ToList();
            if (best.Count == 1)
            {
                into.AddRange(best[0]);
                return;
            }
        }

        into.Add(new SchemaViolation(unionPath, union.Kind, ViolationMessages.For(union)));
    }

    private static List<SchemaViolation> FlattenAll(IEnumerable<ValidationError> errors, JToken root)
    {
        var flat = new List<SchemaViolation>();
        foreach (var error in errors)
        {
            Flatten(error, root, flat);
        }

        return WithoutNoiseBelowTypeMismatches(flat);
    }

    // NJsonSchema goes on checking an object's properties even when the value is not an object at all;
    // once a value has the wrong type, complaints about its insides are noise.
    private static List<SchemaViolation> WithoutNoiseBelowTypeMismatches(List<SchemaViolation> violations)
    {
        var mismatches = violations.Where(v => IsTypeMismatch(v.Kind)).Select(v => v.Path).ToList();
        return violations
            .Where(v => !mismatches.Any(m => v.Path.Count > m.Count && v.Path.Take(m.Count).SequenceEqual(m)))
            .ToList();
    }

    private static bool IsTypeMismatch(ValidationErrorKind kind) => kind is
        ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected or
        ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected or
        ValidationErrorKind.NullExpected or ValidationErrorKind.NoTypeValidates;
}
