using System.Text;

namespace Rostro.Load;

/// <summary>Where a scenario's prompts come from. The prompt of arrival k depends only on k, so every shard sends the same prompt for the same arrival.</summary>
public abstract class PromptFeed
{
    /// <summary>The prompt of the arrival with this index.</summary>
    public abstract string Next(long index);

    /// <summary>One line for reports.</summary>
    public abstract string Describe();

    /// <summary>The prompts in order, wrapping around.</summary>
    public static PromptFeed Circular(IReadOnlyList<string> prompts) => new ListFeed(prompts, random: false, seed: 0);

    /// <summary>A prompt drawn at random for each arrival (from a seed, so the draw is the same on every shard and every run).</summary>
    public static PromptFeed Random(IReadOnlyList<string> prompts, int seed = 1) => new ListFeed(prompts, random: true, seed);

    /// <summary>Generated prompts whose length in words is drawn uniformly from [<paramref name="minWords"/>, <paramref name="maxWords"/>].</summary>
    public static PromptFeed Synthetic(int minWords, int maxWords, int seed = 1) => new SyntheticFeed(minWords, maxWords, seed);

    // SplitMix64: a well-mixed hash of (seed, index), so a prompt depends on its arrival alone.
    private protected static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private sealed class ListFeed : PromptFeed
    {
        private readonly IReadOnlyList<string> _prompts;
        private readonly bool _random;
        private readonly ulong _seed;

        public ListFeed(IReadOnlyList<string> prompts, bool random, int seed)
        {
            ArgumentNullException.ThrowIfNull(prompts);
            ArgumentOutOfRangeException.ThrowIfZero(prompts.Count);
            _prompts = prompts;
            _random = random;
            _seed = (ulong)seed;
        }

        public override string Next(long index) =>
            _prompts[(int)(_random ? Mix(_seed ^ Mix((ulong)index)) % (ulong)_prompts.Count : (ulong)index % (ulong)_prompts.Count)];

        public override string Describe() => $"{_prompts.Count} prompts, {(_random ? "random" : "circular")}";
    }

    private sealed class SyntheticFeed : PromptFeed
    {
        private static readonly string[] s_words =
        [
            "the", "dragon", "over", "a", "quiet", "valley", "tell", "me", "about", "ancient", "maps", "and", "how",
            "travellers", "crossed", "rivers", "at", "night", "with", "lanterns", "of", "brass", "while", "wolves", "sang",
            "beyond", "hills", "where", "old", "towers", "kept", "their", "secrets", "in", "stone", "describe", "weather",
        ];

        private readonly int _min;
        private readonly int _max;
        private readonly ulong _seed;

        public SyntheticFeed(int minWords, int maxWords, int seed)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(minWords, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, minWords);
            _min = minWords;
            _max = maxWords;
            _seed = (ulong)seed;
        }

        public override string Next(long index)
        {
            var state = Mix(_seed ^ Mix((ulong)index));
            var words = _min + (int)(state % (ulong)(_max - _min + 1));
            var text = new StringBuilder(words * 7);
            for (var i = 0; i < words; i++)
            {
                state = Mix(state);
                text.Append(i == 0 ? string.Empty : " ").Append(s_words[state % (ulong)s_words.Length]);
            }

            return text.Append('.').ToString();
        }

        public override string Describe() => $"synthetic, {_min}-{_max} words";
    }
}
