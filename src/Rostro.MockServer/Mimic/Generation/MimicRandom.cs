using System.Text;

namespace Rostro.MockServer.Mimic;

/// <summary>SplitMix64: a tiny, fast generator whose sequence is fixed forever (unlike <see cref="Random"/>), so a seed means the same text in every version.</summary>
internal struct MimicRandom
{
    private ulong _state;

    /// <summary>Starts from a seed.</summary>
    public MimicRandom(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int Next(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>FNV-1a over the parts (UTF-8, separated), mixed once more: a stable seed from request data.</summary>
    public static ulong Hash(params ReadOnlySpan<string?> parts)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in parts)
        {
            foreach (var b in Encoding.UTF8.GetBytes(part ?? "\u0000null"))
            {
                hash = (hash ^ b) * 1099511628211UL;
            }

            hash = (hash ^ 0x1F) * 1099511628211UL;
        }

        return new MimicRandom(hash).NextUInt64();
    }
}
