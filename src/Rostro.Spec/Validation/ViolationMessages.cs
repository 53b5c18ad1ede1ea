using System.Globalization;

using NJsonSchema.Validation;

namespace Rostro.Spec;

/// <summary>Human messages for violations, worded like FastAPI/pydantic so the mock's 422s read like the real API's.</summary>
internal static class ViolationMessages
{
    public static string For(ValidationError error)
    {
        var schema = error.Schema?.ActualSchema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "Field required",
            ValidationErrorKind.StringExpected => "Input should be a valid string",
            ValidationErrorKind.NumberExpected => "Input should be a valid number",
            ValidationErrorKind.IntegerExpected => "Input should be a valid integer",
            ValidationErrorKind.BooleanExpected => "Input should be a valid boolean",
            ValidationErrorKind.ObjectExpected => "Input should be a valid object",
            ValidationErrorKind.ArrayExpected => "Input should be a valid array",
            ValidationErrorKind.NullExpected => "Input should be null",
            ValidationErrorKind.NotInEnumeration => schema is { Enumeration.Count: > 0 }
                ? $"Input should be {OneOf(schema.Enumeration.Select(Quote).ToList())}"
                : "Input should be one of the allowed values",
            ValidationErrorKind.PatternMismatch => $"String should match pattern '{schema?.Pattern}'",
            ValidationErrorKind.StringTooShort => $"String should have at least {schema?.MinLength} characters",
            ValidationErrorKind.StringTooLong => $"String should have at most {schema?.MaxLength} characters",
            ValidationErrorKind.NumberTooSmall => $"Input should be greater than {(schema?.IsExclusiveMinimum == true ? string.Empty : "or equal to ")}{schema?.Minimum}",
            ValidationErrorKind.NumberTooBig => $"Input should be less than {(schema?.IsExclusiveMaximum == true ? string.Empty : "or equal to ")}{schema?.Maximum}",
            ValidationErrorKind.TooFewItems => $"List should have at least {schema?.MinItems} items",
            ValidationErrorKind.TooManyItems => $"List should have at most {schema?.MaxItems} items",
            ValidationErrorKind.ItemsNotUnique => "List items should be unique",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "Extra inputs are not permitted",
            ValidationErrorKind.NotOneOf => "Input should match exactly one of the allowed schemas",
            ValidationErrorKind.NotAnyOf => "Input should match at least one of the allowed schemas",
            ValidationErrorKind.DateTimeExpected => "Input should be a valid datetime",
            ValidationErrorKind.DateExpected => "Input should be a valid date",
            ValidationErrorKind.UriExpected => "Input should be a valid URL",
            ValidationErrorKind.EmailExpected => "Input should be a valid email address",
            ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected => "Input should be a valid UUID",
            _ => $"Input is not valid ({error.Kind})",
        };
    }

    private static string OneOf(List<string> values) =>
        values.Count == 1 ? values[0] : $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}";

    private static string Quote(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

}
