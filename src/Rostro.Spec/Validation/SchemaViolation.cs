using System.Globalization;
using System.Text;
using NJsonSchema.Validation;

namespace Rostro.Spec;

/// <summary>One way a JSON instance breaks its schema: where, what kind, and a message for people.</summary>
/// <param name="Path">Segments from the instance root to the offending value: property names (<see cref="string"/>) and array indexes (<see cref="int"/>). For a missing required property, the path of that property.</param>
/// <param name="Kind">NJsonSchema's classification, for callers that map kinds to their own codes.</param>
/// <param name="Message">A short human explanation, FastAPI-like (<c>Field required</c>).</param>
public sealed record SchemaViolation(
    IReadOnlyList<object> Path,
    ValidationErrorKind Kind,
    string Message)
{
    /// <summary>The path as an RFC 6901 JSON pointer (<c>/messages/0/role</c>; empty for the root).</summary>
    public string Pointer
    {
        get
        {
            var pointer = new StringBuilder();
            foreach (var segment in Path)
            {
                pointer.Append('/').Append(Convert.ToString(segment, CultureInfo.InvariantCulture)!.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }

            return pointer.ToString();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message} ({Kind})";
}
