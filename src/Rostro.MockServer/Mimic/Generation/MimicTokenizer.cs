using System.Text.RegularExpressions;

namespace Rostro.MockServer.Mimic;

/// <summary>The mimic's one tokenizer: prompts are counted and answers are streamed with it, so <c>usage</c> always agrees with what was sent.</summary>
/// <remarks>
/// A GPT-2-like pre-tokenizer, without byte-pair merges: a word with its leading space, up to three digits, one
/// punctuation mark, or a run of whitespace is one token. <c>Hello!</c> is two tokens, as OpenAI counts it.
/// Splitting the concatenation of tokens it produced gives back the same tokens, which the streaming relies on.
/// </remarks>
internal static partial class MimicTokenizer
{
    [GeneratedRegex(@" ?\p{L}+| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <summary>How many tokens the text has.</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : TokenPattern().Count(text);

    /// <summary>The text's tokens, in order; their concatenation is the text.</summary>
    public static List<string> Split(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        foreach (var match in TokenPattern().EnumerateMatches(text))
        {
            tokens.Add(text.Substring(match.Index, match.Length));
        }

        return tokens;
    }
}
