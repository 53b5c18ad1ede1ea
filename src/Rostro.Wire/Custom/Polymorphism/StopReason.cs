using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rostro.Client;

/// <summary>A choice's <c>stop_reason</c>: the stop sequence (string) or token ID (integer) that ended it (the spec's <c>oneOf</c>).</summary>
[JsonConverter(typeof(StopReasonConverter))]
public sealed class StopReason
{
    private StopReason(string? sequence, long? tokenId)
    {
        Sequence = sequence;
        TokenId = tokenId;
    }

    /// <summary>The stop sequence, when a string ended the choice.</summary>
    public string? Sequence { get; }

    /// <summary>The token ID, when a token ended the choice.</summary>
    public long? TokenId { get; }

    /// <summary>A stop sequence.</summary>
    public static implicit operator StopReason(string sequence) => new(sequence ?? throw new ArgumentNullException(nameof(sequence)), null);

    /// <summary>A token ID.</summary>
    public static implicit operator StopReason(long tokenId) => new(null, tokenId);

    /// <inheritdoc />
    public override string ToString() => Sequence ?? TokenId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class StopReasonConverter : UnionConverter<StopReason>
    {
        protected override StopReason? Read(JsonElement element, JsonSerializerOptions options) => element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Number => element.GetInt64(),
            _ => null,
        };

        protected override object Branch(StopReason value) => (object?)value.Sequence ?? value.TokenId!.Value;
    }
}
