using Rostro.Client;
using Rostro.MockServer.Operations;

namespace Rostro.MockServer.Handlers;

/// <summary>Emotion of a text, from a small word list: deterministic, and right for the obvious cases a UI tries.</summary>
internal sealed class InferHandler : IOperationHandler
{
    private static readonly (string Emotion, string[] Words)[] s_lexicon =
    [
        ("joy", ["happy", "glad", "joy", "love", "great", "wonderful", "yay", "delighted", "excited"]),
        ("sadness", ["sad", "unhappy", "cry", "miss", "lonely", "sorry", "depressed"]),
        ("anger", ["angry", "mad", "furious", "hate", "annoyed", "rage"]),
        ("fear", ["afraid", "scared", "fear", "terrified", "worried", "nervous"]),
        ("surprise", ["wow", "surprised", "unexpected", "amazing", "suddenly"]),
        ("disgust", ["disgusting", "gross", "yuck", "awful"]),
    ];

    public IEnumerable<string> OperationIds => ["inferEmotion"];

    public Task HandleAsync(OperationContext context)
    {
        var words = context.Body<EmotionRequest>().Text.ToLowerInvariant().Split([' ', '\t', '\n', '\r', '.', ',', '!', '?', ';', ':', '"', '\''], StringSplitOptions.RemoveEmptyEntries);
        var best = s_lexicon
            .Select(e => (e.Emotion, Hits: words.Count(w => e.Words.Contains(w))))
            .OrderByDescending(e => e.Hits)
            .First();
        var (emotion, score) = best.Hits == 0 ? ("neutral", 0.5) : (best.Emotion, Math.Min(0.99, 0.8 + (0.1 * best.Hits)));
        return context.WriteJsonAsync(StatusCodes.Status200OK, new EmotionResult { Emotion = emotion, Score = Math.Round(score, 2) });
    }
}
