using System.Globalization;
using System.Text;

namespace Rostro.Spec;

/// <summary>One way a JSON instance breaks its schema: where, which rule, and a message for people.</summary>
/// <param name="Path">Segments from the instance root to the offending value: property names (<see cref="string"/>) and array indexes (<see cref="int"/>). For a missing required property, the path of that property.</param>
/// <param name="Kind">The rule broken, by its JSON Schema keyword.</param>
/// <param name="Message">A short human explanation, worded like FastAPI/pydantic (<c>Field required</c>).</param>
public sealed record SchemaViolation(
    IReadOnlyList<object> Path,
    ViolationKind Kind,
    string Message)
{
    /// <summary>For <see cref="ViolationKind.Type"/> the type wanted (<c>integer</c>, <c>string</c>, ...; never <c>null</c>), for <see cref="ViolationKind.Format"/> the format; otherwise null.</summary>
    public string? Expected { get; init; }

    /// <summary>Where the broken rule is written in the spec, as a JSON pointer into the document (<c>/components/schemas/ChatCompletionRequestMessage/properties/role</c>); empty when unknown.</summary>
    public string SchemaPointer { get; init; } = string.Empty;

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
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message} ({Kind}{(Expected is null ? string.Empty : " " + Expected)})";
}
