using System.Globalization;

namespace Rostro.Load;

/// <summary>The i-th of n equal shares of a run (<c>--shard i/n</c>, counted from 1), so n machines together send the whole load.</summary>
/// <param name="Index">Which share, 1 to <paramref name="Count"/>.</param>
/// <param name="Count">How many shares.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole run, unsharded.</summary>
    public static Shard Whole { get; } = new(1, 1);

    /// <summary>Whether this is the whole run.</summary>
    public bool IsWhole => Count == 1;

    /// <summary>Reads <c>i/n</c>; false (with a reason) otherwise.</summary>
    public static bool TryParse(string? text, out Shard shard, out string error)
    {
        shard = Whole;
        error = string.Empty;
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not a shard: write i/n, e.g. 1/4 (shards count from 1)";
            return false;
        }

        if (count < 1 || count > 10_000)
        {
            error = $"'{text}': the shard count must be between 1 and 10000";
            return false;
        }

        if (index < 1 || index > count)
        {
            error = $"'{text}': the shard index must be between 1 and {count} (shards count from 1; a Kubernetes completion index is 0-based, add 1)";
            return false;
        }

        shard = new Shard(index, count);
        return true;
    }

    /// <summary>Whether the k-th planned arrival (0-based, in plan order) is this shard's: arrivals are dealt round-robin.</summary>
    public bool Owns(long arrival) => arrival % Count == Index - 1;

    /// <summary>This shard's part of a whole number (concurrency, a request cap): the parts of all shards add up to it.</summary>
    public long Part(long whole) => (whole / Count) + (Index <= whole % Count ? 1 : 0);

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
