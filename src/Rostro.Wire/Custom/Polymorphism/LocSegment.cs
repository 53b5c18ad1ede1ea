using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>One segment of a 422 <c>loc</c>: a name (<c>body</c>, a property) or an array index (the spec's <c>anyOf</c>).</summary>
[JsonConverter(typeof(LocSegmentConverter))]
public sealed class LocSegment : IEquatable<LocSegment>
{
    private LocSegment(string? name, int? index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The name, when the segment is a string.</summary>
    public string? Name { get; }

    /// <summary>The index, when the segment is an integer.</summary>
    public int? Index { get; }

    /// <summary>A named segment.</summary>
    public static implicit operator LocSegment(string name) => new(name ?? throw new ArgumentNullException(nameof(name)), null);

    /// <summary>An index segment.</summary>
    public static implicit operator LocSegment(int index) => new(null, index);

    /// <inheritdoc />
    public bool Equals(LocSegment? other) => other is not null && Name == other.Name && Index == other.Index;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LocSegment);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Index);

    /// <inheritdoc />
    public override string ToString() => Name ?? Index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class LocSegmentConverter : UnionConverter<LocSegment>
    {
        protected override LocSegment? Read(JsonElement element, JsonSerializerOptions options) => element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Number => element.GetInt32(),
            _ => null,
        };

        protected override object Branch(LocSegment value) => (object?)value.Name ?? value.Index!.Value;
    }
}
