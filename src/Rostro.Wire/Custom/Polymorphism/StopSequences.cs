using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary><c>stop</c>: one sequence or up to four, where generation stops (the spec's <c>oneOf</c>).</summary>
[JsonConverter(typeof(StopSequencesConverter))]
public sealed class StopSequences
{
    private StopSequences(IReadOnlyList<string> sequences, bool isSingle)
    {
        Sequences = sequences;
        IsSingle = isSingle;
    }

    /// <summary>The sequences, one or more.</summary>
    public IReadOnlyList<string> Sequences { get; }

    /// <summary>True when the wire form is a single string rather than an array.</summary>
    public bool IsSingle { get; }

    /// <summary>A single stop sequence, sent as a string.</summary>
    public static implicit operator StopSequences(string sequence) =>
        new([sequence ?? throw new ArgumentNullException(nameof(sequence))], isSingle: true);

    /// <summary>Several stop sequences, sent as an array.</summary>
    public static implicit operator StopSequences(string[] sequences) =>
        new((sequences ?? throw new ArgumentNullException(nameof(sequences))).ToArray(), isSingle: false);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Sequences);

    private sealed class StopSequencesConverter : UnionConverter<StopSequences>
    {
        protected override StopSequences? Read(JsonElement element, JsonSerializerOptions options) => element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Array => element.Deserialize<string[]>(options)!,
            _ => null,
        };

        protected override object Branch(StopSequences value) => value.IsSingle ? value.Sequences[0] : value.Sequences;
    }
}
