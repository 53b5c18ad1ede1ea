using Rostro.MockServer.Errors;
using Rostro.Spec;

namespace Rostro.MockServer.Validation;

/// <summary>Turns Rostro.Spec's <see cref="SchemaViolation"/>s into FastAPI/pydantic <see cref="ValidationDetail"/>s.</summary>
internal static class ViolationTypes
{
    /// <summary>One detail for a violation found in a value at <paramref name="location"/> (<c>body</c>, or <c>query</c>/<c>path</c> plus the parameter name).</summary>
    /// <param name="location">The <c>loc</c> prefix.</param>
    /// <param name="violation">What the validator found.</param>
    /// <param name="fromText">True when the value came from text (path or query): wrong types are then parsing errors (<c>int_parsing</c>), as pydantic reports them.</param>
    public static ValidationDetail ToDetail(IReadOnlyList<object> location, SchemaViolation violation, bool fromText)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(violation);
        var loc = new List<object>(location.Count + violation.Path.Count);
        loc.AddRange(location);
        loc.AddRange(violation.Path);
        return new ValidationDetail(loc, violation.Message, TypeOf(violation, fromText));
    }

    /// <summary>Pydantic's name for a kind of violation.</summary>
    public static string TypeOf(SchemaViolation violation, bool fromText)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return violation.Kind switch
        {
            ViolationKind.Required => "missing",
            ViolationKind.Type => violation.Expected switch
            {
                "string" => "string_type",
                "integer" => fromText ? "int_parsing" : "int_type",
                "number" => fromText ? "float_parsing" : "float_type",
                "boolean" => fromText ? "bool_parsing" : "bool_type",
                "object" => "dict_type",
                "array" => "list_type",
                "null" => "none_required",
                _ => "value_error",
            },
            ViolationKind.Enum => "enum",
            ViolationKind.Const => "literal_error",
            ViolationKind.Pattern => "string_pattern_mismatch",
            ViolationKind.MinLength => "string_too_short",
            ViolationKind.MaxLength => "string_too_long",
            ViolationKind.Minimum => "greater_than_equal",
            ViolationKind.ExclusiveMinimum => "greater_than",
            ViolationKind.Maximum => "less_than_equal",
            ViolationKind.ExclusiveMaximum => "less_than",
            ViolationKind.MultipleOf => "multiple_of",
            ViolationKind.MinItems => "too_short",
            ViolationKind.MaxItems => "too_long",
            ViolationKind.AdditionalProperties => "extra_forbidden",
            ViolationKind.Format => violation.Expected switch
            {
                "date-time" => "datetime_parsing",
                "date" => "date_parsing",
                "time" => "time_parsing",
                "uri" or "uri-reference" => "url_parsing",
                "uuid" => "uuid_parsing",
                "email" => "value_error",
                "int32" or "int64" => "int_parsing_size",
                _ => "value_error",
            },
            ViolationKind.OneOf or ViolationKind.AnyOf => "union_tag_invalid",
            _ => "value_error",
        };
    }
}
