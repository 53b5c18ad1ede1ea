using System.Globalization;

namespace Rostro.MockServer.Mimic.Load;

/// <summary>
/// The load model's prefix cache: a prompt whose leading tokens were prefilled before pays prefill only for the rest (a
/// model server's automatic prefix caching). Prompts are hashed in blocks of <see cref="BlockTokens"/> tokens, each block's
/// hash chained on the ones before it, so a cached block means its whole prefix was seen. At most
/// <see cref="MaxBlocks"/> blocks are kept; past that the cache starts empty again (bounded, deterministic by request order).
/// </summary>
internal sealed class PrefixCache
{
    /// <summary>Tokens per cached block.</summary>
    public const int BlockTokens = 16;

    /// <summary>Most blocks held.</summary>
    public const int MaxBlocks = 65_536;

    private readonly HashSet<ulong> _blocks = [];
    private readonly object _lock = new();

    /// <summary>Adds the prompt's blocks; returns how many of its leading tokens were cached already.</summary>
    public int Prefill(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var hashes = new List<ulong>(tokens.Count / BlockTokens);
        var chain = 0UL;
        for (var end = BlockTokens; end <= tokens.Count; end += BlockTokens)
        {
            chain = MimicRandom.Hash(chain.ToString(CultureInfo.InvariantCulture), string.Concat(tokens.Skip(end - BlockTokens).Take(BlockTokens)));
            hashes.Add(chain);
        }

        lock (_lock)
        {
            var cached = 0;
            while (cached < hashes.Count && _blocks.Contains(hashes[cached]))
            {
                cached++;
            }

            if (_blocks.Count + hashes.Count > MaxBlocks)
            {
                _blocks.Clear();
            }

            _blocks.UnionWith(hashes);
            return cached * BlockTokens;
        }
    }

    /// <summary>Forgets every prompt (<c>POST /__admin/reset</c>).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _blocks.Clear();
        }
    }
}
