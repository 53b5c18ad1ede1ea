namespace Rostro.Spec;

/// <summary>Which rule of a schema a value breaks, named after the JSON Schema keyword that states it.</summary>
public enum ViolationKind
{
    /// <summary>A rule this list has no name for; the message says which.</summary>
    Other,

    /// <summary><c>required</c>: a property is missing (the path names it).</summary>
    Required,

    /// <summary><c>type</c>: the value has another type (<see cref="SchemaViolation.Expected"/> names the one wanted).</summary>
    Type,

    /// <summary><c>enum</c>.</summary>
    Enum,

    /// <summary><c>const</c>.</summary>
    Const,

    /// <summary><c>pattern</c>.</summary>
    Pattern,

    /// <summary><c>minLength</c>.</summary>
    MinLength,

    /// <summary><c>maxLength</c>.</summary>
    MaxLength,

    /// <summary><c>minimum</c>.</summary>
    Minimum,

    /// <summary><c>exclusiveMinimum</c>.</summary>
    ExclusiveMinimum,

    /// <summary><c>maximum</c>.</summary>
    Maximum,

    /// <summary><c>exclusiveMaximum</c>.</summary>
    ExclusiveMaximum,

    /// <summary><c>multipleOf</c>.</summary>
    MultipleOf,

    /// <summary><c>minItems</c>.</summary>
    MinItems,

    /// <summary><c>maxItems</c>.</summary>
    MaxItems,

    /// <summary><c>uniqueItems</c>.</summary>
    UniqueItems,

    /// <summary><c>minProperties</c>.</summary>
    MinProperties,

    /// <summary><c>maxProperties</c>.</summary>
    MaxProperties,

    /// <summary><c>additionalProperties: false</c>: a property the schema does not allow.</summary>
    AdditionalProperties,

    /// <summary><c>format</c> (<see cref="SchemaViolation.Expected"/> names it: <c>date-time</c>, <c>uuid</c>, <c>int64</c>, ...).</summary>
    Format,

    /// <summary><c>oneOf</c>: no branch matches, or more than one does.</summary>
    OneOf,

    /// <summary><c>anyOf</c>: no branch matches.</summary>
    AnyOf,

    /// <summary><c>not</c>.</summary>
    Not,
}
