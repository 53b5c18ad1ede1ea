using NJsonSchema.Validation;
using Rostro.MockServer.Errors;
using Rostro.Spec;

namespace Rostro.MockServer.Validation;

/// <summary>Turns Rostro.Spec's <see cref="SchemaViolation"/>s into FastAPI/pydantic <see cref="ValidationDetail"/>s.</summary>
public static class ViolationTypes
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
            ValidationErrorKind.PropertyRequired => "missing",
            ValidationErrorKind.StringExpected => "string_type",
            ValidationErrorKind.IntegerExpected => fromText ? "int_parsing" : "int_type",
            ValidationErrorKind.NumberExpected => fromText ? "float_parsing" : "float_type",
            ValidationErrorKind.BooleanExpected => fromText ? "bool_parsing" : "bool_type",
            ValidationErrorKind.ObjectExpected => "dict_type",
            ValidationErrorKind.ArrayExpected => "list_type",
            ValidationErrorKind.NullExpected => "none_required",
            ValidationErrorKind.NotInEnumeration => "enum",
            ValidationErrorKind.PatternMismatch => "string_pattern_mismatch",
            ValidationErrorKind.StringTooShort => "string_too_short",
            ValidationErrorKind.StringTooLong => "string_too_long",
            ValidationErrorKind.NumberTooSmall => violation.Message.Contains("or equal", StringComparison.Ordinal) ? "greater_than_equal" : "greater_than",
            ValidationErrorKind.NumberTooBig => violation.Message.Contains("or equal", StringComparison.Ordinal) ? "less_than_equal" : "less_than",
            ValidationErrorKind.TooFewItems => "too_short",
            ValidationErrorKind.TooManyItems => "too_long",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "extra_forbidden",
            ValidationErrorKind.DateTimeExpected => "datetime_parsing",
            ValidationErrorKind.DateExpected => "date_parsing",
            ValidationErrorKind.UriExpected => "url_parsing",
            ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected => "uuid_parsing",
            ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf => "union_tag_invalid",
            _ => "value_error",
        };
    }
}
