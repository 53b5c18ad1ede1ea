using System.Globalization;

namespace Rostro.MockServer.Mimic;

/// <summary>Plausible, deterministic log probabilities for generated tokens (the mimic has no model, only a seed).</summary>
internal static class LogprobSource
{
    /// <summary>The token's log probability and <paramref name="top"/> alternatives (the token first), highest first.</summary>
    public static (double Logprob, List<(string Token, double Logprob)> Top) For(ulong seed, int choice, int index, string token, int top)
    {
        var random = new MimicRandom(MimicRandom.Hash(seed.ToString(CultureInfo.InvariantCulture), choice.ToString(CultureInfo.InvariantCulture), index.ToString(CultureInfo.InvariantCulture)));
        var logprob = -Math.Round(random.NextDouble() * random.NextDouble() * 3, 4);
        var alternatives = new List<(string, double)>(top);
        if (top > 0)
        {
            alternatives.Add((token, logprob));
        }

        var next = logprob;
        for (var attempts = 0; alternatives.Count < top && attempts < 50; attempts++)
        {
            var candidate = TextSynthesizer.TokenForId((long)(random.NextUInt64() >> 1));
            if (alternatives.Exists(a => a.Item1 == candidate))
            {
                continue;
            }

            next = Math.Round(next - 0.5 - (random.NextDouble() * 2), 4);
            alternatives.Add((candidate, next));
        }

        return (logprob, alternatives);
    }
}
