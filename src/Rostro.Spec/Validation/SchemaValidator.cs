using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;
using Rostro.Spec.Schemas;

namespace Rostro.Spec;

/// <summary>Validates JSON instances against the spec's schemas with JsonSchema.Net, flattening its result tree into <see cref="SchemaViolation"/>s.</summary>
/// <remarks>
/// <para>The schemas are the spec's as Microsoft.OpenApi writes them for OpenAPI 3.1 (JSON Schema 2020-12), so 3.0's
/// <c>nullable: true</c> admits null. Formats are checked (<c>date-time</c>, <c>uuid</c>, ...; <c>int32</c>/<c>int64</c> by range).</para>
/// <para>A valid instance costs one pass/fail evaluation; only a failure is evaluated again for the details. The flattened
/// list is what the mock server turns into FastAPI-style 422 <c>detail</c> entries and what the contract tests report.</para>
/// <para>JsonSchema.Net 7.4.0 rather than 8.0.5: 8.0.5 reports a wrong instance location for an item after <c>prefixItems</c>
/// and schema locations below <c>items</c> that name no place in the document; 7.4.0 reports both exactly (tests pin it).</para>
/// </remarks>
public static class SchemaValidator
{
    static SchemaValidator()
    {
        // OpenAPI's integer formats, checked by range (JSON Schema leaves them to the application).
        Formats.Register(new PredicateFormat("int32", node => Within(node, int.MinValue, int.MaxValue)));
        Formats.Register(new PredicateFormat("int64", node => Within(node, long.MinValue, long.MaxValue)));
    }

    /// <summary>Validates JSON text.</summary>
    /// <exception cref="JsonException">The text is not JSON (a 400, not a 422, for the mock server).</exception>
    public static IReadOnlyList<SchemaViolation> Validate(string json, SpecSchema schema)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Validate(JsonNode.Parse(json), schema);
    }

    /// <summary>Validates a System.Text.Json element.</summary>
    public static IReadOnlyList<SchemaViolation> Validate(JsonElement instance, SpecSchema schema) =>
        Validate(JsonNode.Parse(instance.GetRawText()), schema);

    /// <summary>Validates a JSON node (<c>null</c> is JSON's null). What the mock server holds after parsing a body, and what the spec's examples are.</summary>
    public static IReadOnlyList<SchemaViolation> Validate(JsonNode? instance, SpecSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var document = schema.Document;
        EvaluationResults flag;
        try
        {
            flag = schema.Compiled.Evaluate(instance, document.FlagOptions);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            instance = WithNumbersInDecimalRange(instance);
            flag = schema.Compiled.Evaluate(instance, document.FlagOptions);
        }

        if (flag.IsValid)
        {
            return [];
        }

        var details = schema.Compiled.Evaluate(instance, document.DetailOptions);
        var reader = new ResultReader(instance, document, schema.Pointer);
        return reader.FlattenAll(details);
    }

    private sealed class ResultReader(JsonNode? instance, SchemaDocument document, string root)
    {
        public List<SchemaViolation> FlattenAll(EvaluationResults result)
        {
            var flat = new List<SchemaViolation>();
            Flatten(result, flat);
            return WithoutNoiseBelowTypeMismatches(flat);
        }

        private void Flatten(EvaluationResults result, List<SchemaViolation> into)
        {
            if (result.IsValid)
            {
                return;
            }

            var depth = result.EvaluationPath.Count;
            var unions = new Dictionary<string, List<EvaluationResults>>(StringComparer.Ordinal);
            var others = new List<EvaluationResults>();
            foreach (var child in result.Details)
            {
                var segments = child.EvaluationPath;
                if (segments.Count == depth + 2 && segments[depth] is "oneOf" or "anyOf")
                {
                    var keyword = segments[depth];
                    if (!unions.TryGetValue(keyword, out var branches))
                    {
                        unions[keyword] = branches = [];
                    }

                    branches.Add(child);
                }
                else
                {
                    others.Add(child);
                }
            }

            foreach (var (keyword, message) in result.Errors ?? new Dictionary<string, string>())
            {
                switch (keyword)
                {
                    case "oneOf" or "anyOf":
                        FlattenUnion(result, keyword, unions.GetValueOrDefault(keyword) ?? [], message, into);
                        unions.Remove(keyword);
                        break;
                    case "required":
                        into.AddRange(MissingProperties(result));
                        break;
                    default:
                        into.Add(Violation(result, keyword, message));
                        break;
                }
            }

            // A union whose keyword reported nothing itself (every branch failed) is still one decision to explain.
            foreach (var (keyword, branches) in unions)
            {
                if (branches.All(b => !b.IsValid))
                {
                    FlattenUnion(result, keyword, branches, null, into);
                }
            }

            foreach (var child in others)
            {
                Flatten(child, into);
            }
        }

        // A failed oneOf/anyOf is reported through the branch the instance most nearly matched,
        // so a typo deep inside an object names that field rather than "matches no schema".
        private void FlattenUnion(EvaluationResults union, string keyword, List<EvaluationResults> branches, string? message, List<SchemaViolation> into)
        {
            var unionPath = InstancePath(union.InstanceLocation);
            var candidates = branches.Select(FlattenAll).ToList();

            // A branch that passed means oneOf matched more than once: the union itself is the violation.
            // A branch whose only complaint is the type at the union's own path was never a near match.
            var nearMatches = candidates
                .Where(c => c.Count > 0 && !c.All(v => v.Kind == ViolationKind.Type && v.Path.SequenceEqual(unionPath)))
                .ToList();

            if (candidates.Count > 0 && candidates.All(c => c.Count > 0) && nearMatches.Count > 0)
            {
                var fewest = nearMatches.Min(c => c.Count);
                var best = nearMatches.Where(c => c.Count == fewest).ToList();
                if (best.Count == 1)
                {
                    into.AddRange(best[0]);
                    return;
                }
            }

            var kind = keyword == "oneOf" ? ViolationKind.OneOf : ViolationKind.AnyOf;
            into.Add(new SchemaViolation(unionPath, kind, ViolationMessages.For(kind, null, message))
            {
                SchemaPointer = SchemaPointer(union) is { Length: > 0 } at ? $"{at}/{keyword}" : string.Empty,
            });
        }

        private IEnumerable<SchemaViolation> MissingProperties(EvaluationResults result)
        {
            var path = InstancePath(result.InstanceLocation);
            var pointer = SchemaPointer(result);
            var present = At(result.InstanceLocation) as JsonObject;
            var required = document.Find(pointer)?["required"] as JsonArray ?? [];
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (present?.ContainsKey(name) != true)
                {
                    yield return new SchemaViolation([.. path, name], ViolationKind.Required, ViolationMessages.For(ViolationKind.Required, null, null))
                    {
                        SchemaPointer = $"{pointer}/required",
                    };
                }
            }
        }

        private SchemaViolation Violation(EvaluationResults result, string keyword, string message)
        {
            var pointer = SchemaPointer(result);
            var rule = document.Find(pointer) as JsonObject;
            var kind = KindOf(keyword);
            var expected = kind switch
            {
                ViolationKind.Type => ViolationMessages.ExpectedType(rule?["type"]),
                ViolationKind.Format => rule?["format"]?.GetValue<string>(),
                _ => null,
            };
            return new SchemaViolation(InstancePath(result.InstanceLocation), kind, ViolationMessages.For(kind, rule, message))
            {
                Expected = expected,
                SchemaPointer = pointer.Length > 0 ? $"{pointer}/{keyword}" : string.Empty,
            };
        }

        // Where a result's schema is written in the spec: its evaluation path walked through the document, following each
        // $ref (JsonSchema.Net's own schema location is relative to the referenced schema, not to the document).
        private string SchemaPointer(EvaluationResults result)
        {
            string? pointer = null;
            JsonNode? node = null;
            foreach (var segment in result.EvaluationPath)
            {
                if (segment == "$ref")
                {
                    // The first $ref is the wrapper's, to the schema being validated; the others are local references.
                    var target = pointer is null ? "#" + root : (node as JsonObject)?["$ref"]?.GetValue<string>();
                    if (target is null || !target.StartsWith('#'))
                    {
                        return string.Empty;
                    }

                    pointer = Uri.UnescapeDataString(target[1..]);
                    node = document.Find(pointer);
                }
                else if (pointer is null)
                {
                    return string.Empty;
                }
                else
                {
                    pointer += SchemaDocument.Pointer(segment);
                    node = node switch
                    {
                        JsonObject obj => obj[segment],
                        JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                        _ => null,
                    };
                }
            }

            return pointer ?? string.Empty;
        }

        private JsonNode? At(JsonPointer location) => location.TryEvaluate(instance, out var node) ? node : null;

        // Segments as the instance has them: an index where the value is an array, a property name otherwise.
        private List<object> InstancePath(JsonPointer location)
        {
            var path = new List<object>(location.Count);
            var current = instance;
            foreach (var name in location)
            {
                if (current is JsonArray array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    path.Add(index);
                    current = index < array.Count ? array[index] : null;
                }
                else
                {
                    path.Add(name);
                    current = current is JsonObject obj ? obj[name] : null;
                }
            }

            return path;
        }
    }

    // JsonSchema.Net 7 reads every number as a decimal and throws for one beyond its range (1e300, 1e-400). Such a number
    // is checked as ±decimal.MaxValue (or 0 when tiny): each keyword the spec uses (type, bounds, integer formats) answers
    // it as it answers the real value, so a 1e300 where a string belongs is the 422 for that field, never an exception.
    private static JsonNode? WithNumbersInDecimalRange(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, WithNumbersInDecimalRange(p.Value)))),
        JsonArray array => new JsonArray(array.Select(WithNumbersInDecimalRange).ToArray()),
        JsonValue value when BeyondDecimal(value) =>
            double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) is var real && Math.Abs(real) >= 1
                ? JsonValue.Create(real > 0 ? decimal.MaxValue : decimal.MinValue)
                : JsonValue.Create(0m),
        _ => node?.DeepClone(),
    };

    // What JsonSchema.Net cannot read as a decimal: parsed JSON it reads with TryGetDecimal, a double built in code it converts.
    private static bool BeyondDecimal(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && (value.TryGetValue<JsonElement>(out var element)
            ? !element.TryGetDecimal(out _)
            : value.TryGetValue<double>(out var real) && !(Math.Abs(real) <= (double)decimal.MaxValue));

    // Not a number: another keyword's business. A number beyond decimal's range (1e400) is beyond any integer format too.
    private static bool Within(JsonNode? node, decimal min, decimal max)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return true;
        }

        // Parsed JSON answers long and decimal; a value built in code (a typed query parameter) answers its own CLR type.
        if (value.TryGetValue<long>(out var integer))
        {
            return integer >= min && integer <= max;
        }

        return (value.TryGetValue<decimal>(out var number) || decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            && number >= min && number <= max;
    }

    private static ViolationKind KindOf(string keyword) => keyword switch
    {
        "type" => ViolationKind.Type,
        "enum" => ViolationKind.Enum,
        "const" => ViolationKind.Const,
        "pattern" => ViolationKind.Pattern,
        "minLength" => ViolationKind.MinLength,
        "maxLength" => ViolationKind.MaxLength,
        "minimum" => ViolationKind.Minimum,
        "exclusiveMinimum" => ViolationKind.ExclusiveMinimum,
        "maximum" => ViolationKind.Maximum,
        "exclusiveMaximum" => ViolationKind.ExclusiveMaximum,
        "multipleOf" => ViolationKind.MultipleOf,
        "minItems" => ViolationKind.MinItems,
        "maxItems" => ViolationKind.MaxItems,
        "uniqueItems" => ViolationKind.UniqueItems,
        "minProperties" => ViolationKind.MinProperties,
        "maxProperties" => ViolationKind.MaxProperties,
        "additionalProperties" or "false" => ViolationKind.AdditionalProperties,
        "format" => ViolationKind.Format,
        "not" => ViolationKind.Not,
        _ => ViolationKind.Other,
    };

    // Once a value has the wrong type, complaints about its insides are noise.
    private static List<SchemaViolation> WithoutNoiseBelowTypeMismatches(List<SchemaViolation> violations)
    {
        var mismatches = violations.Where(v => v.Kind == ViolationKind.Type).Select(v => v.Path).ToList();
        return violations
            .Where(v => !mismatches.Any(m => v.Path.Count > m.Count && v.Path.Take(m.Count).SequenceEqual(m)))
            .ToList();
    }
}
