namespace Rostro.MockServer.Mimic;

/// <summary>Readable, deterministic English: an order-2 Markov chain over the tokens of <see cref="MimicCorpus"/>.</summary>
/// <remarks>
/// The chain works on <see cref="MimicTokenizer"/> tokens, so every token it emits is one token of the answer and
/// re-tokenizing the answer gives back the same count. Sentences start where corpus sentences start.
/// </remarks>
internal static class TextSynthesizer
{
    private static readonly string[] s_vocabulary;
    private static readonly Dictionary<(int, int), int[]> s_next;
    private static readonly (int First, int Second)[] s_starts;
    private static readonly bool[] s_endsSentence;

    static TextSynthesizer()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var vocabulary = new List<string>();
        int Id(string token)
        {
            if (!ids.TryGetValue(token, out var id))
            {
                id = vocabulary.Count;
                ids[token] = id;
                vocabulary.Add(token);
            }

            return id;
        }

        var next = new Dictionary<(int, int), List<int>>();
        var starts = new List<(int, int)>();
        foreach (var line in MimicCorpus.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Every sentence starts with a space so it can follow the one before; the very first token of an answer drops it.
            var tokens = MimicTokenizer.Split(" " + line).Select(Id).ToArray();
            starts.Add((tokens[0], tokens[1]));
            for (var i = 2; i < tokens.Length; i++)
            {
                var key = (tokens[i - 2], tokens[i - 1]);
                if (!next.TryGetValue(key, out var list))
                {
                    next[key] = list = [];
                }

                list.Add(tokens[i]);
            }
        }

        s_vocabulary = [.. vocabulary];
        s_next = next.ToDictionary(p => p.Key, p => p.Value.ToArray());
        s_starts = [.. starts];
        s_endsSentence = vocabulary.Select(t => t is "." or "!" or "?").ToArray();
    }

    /// <summary>How many distinct tokens the chain knows (token IDs in prompts map onto them).</summary>
    public static int VocabularySize => s_vocabulary.Length;

    /// <summary>The token with this ID (any non-negative ID; wraps around the vocabulary).</summary>
    public static string TokenForId(long id) => s_vocabulary[(int)(Math.Abs(id) % s_vocabulary.Length)];

    /// <summary>
    /// Tokens of a text for this seed: at least <paramref name="target"/> tokens, ending at the first sentence end after it
    /// (or exactly <paramref name="target"/> when <paramref name="exact"/>), never more than <paramref name="limit"/>.
    /// </summary>
    /// <returns>The tokens and whether <paramref name="limit"/> cut them short.</returns>
    public static (List<string> Tokens, bool HitLimit) Generate(ulong seed, int target, int limit, bool exact)
    {
        var random = new MimicRandom(seed);
        var tokens = new List<string>(Math.Min(limit, target + 32));
        var pending = new Queue<int>(2);
        int a = -1, b = -1;
        while (true)
        {
            if (exact && tokens.Count >= target)
            {
                return (tokens, false);
            }

            if (tokens.Count >= limit)
            {
                return (tokens, true);
            }

            if (tokens.Count >= target + 60)
            {
                // No sentence end came in sixty tokens: stop anyway, as a model's end-of-text would.
                return (tokens, false);
            }

            if (a < 0)
            {
                (a, b) = s_starts[random.Next(s_starts.Length)];
                pending.Enqueue(a);
                pending.Enqueue(b);
            }

            int token;
            if (pending.Count > 0)
            {
                token = pending.Dequeue();
            }
            else if (s_next.TryGetValue((a, b), out var choices))
            {
                token = choices[random.Next(choices.Length)];
                a = b;
                b = token;
            }
            else
            {
                // Dead end (the last words of a sentence): start another one.
                a = -1;
                continue;
            }

            tokens.Add(tokens.Count == 0 ? s_vocabulary[token].TrimStart() : s_vocabulary[token]);
            if (s_endsSentence[token])
            {
                if (!exact && tokens.Count >= target)
                {
                    return (tokens, false);
                }

                a = -1;
                pending.Clear();
            }
        }
    }
}
