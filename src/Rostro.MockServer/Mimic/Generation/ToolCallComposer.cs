using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rostro.Client;

namespace Rostro.MockServer.Mimic;

/// <summary>Decides whether a chat answer calls a tool, which one, and with what arguments.</summary>
/// <remarks>
/// <c>tool_choice</c> <c>required</c> or a named function always calls; <c>none</c> never does. <c>auto</c> (the default
/// when tools are given) calls a tool when the last user message names it: it contains a word of four letters or more
/// from the function's name (split at <c>_</c>, <c>-</c> and capitals, leaving out verbs such as get, set, fetch, list,
/// find, search, create, update, delete, call), e.g. <c>get_weather</c> for "What is the weather in Paris?".
/// Arguments hold every required property of the function's parameters, with a value of its JSON Schema type.
/// </remarks>
internal static partial class ToolCallComposer
{
    private static readonly HashSet<string> s_verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "get", "set", "fetch", "list", "find", "search", "create", "update", "delete", "call", "make", "send", "lookup", "look", "query", "read", "write", "with", "from",
    };

    [GeneratedRegex(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();

    [GeneratedRegex(@"\b\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)*", RegexOptions.CultureInvariant)]
    private static partial Regex ProperNoun();

    /// <summary>The function to call, or null for a text answer.</summary>
    public static FunctionDefinition? Choose(IEnumerable<ChatCompletionTool>? tools, ToolChoice? toolChoice, string lastUserText)
    {
        var functions = (tools ?? []).Select(t => t.Function).Where(f => f?.Name is not null).ToList();
        if (functions.Count == 0)
        {
            return null;
        }

        return toolChoice switch
        {
            { Named: { } named } => functions.FirstOrDefault(f => f.Name == named.Function?.Name),
            { Mode: "none" } => null,
            { Mode: "required" } => functions.FirstOrDefault(f => Mentions(f, lastUserText)) ?? functions[0],
            _ => functions.FirstOrDefault(f => Mentions(f, lastUserText)),
        };
    }

    /// <summary>Arguments (a JSON object text) for the function: its required properties, each with a plausible value.</summary>
    public static string Arguments(FunctionDefinition function, string lastUserText, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(function);
        var random = new MimicRandom(seed);

        // Free-form in the spec (a JSON Schema the caller wrote): read as JSON.
        var parameters = function.Parameters is JsonElement { ValueKind: JsonValueKind.Object } schema ? JsonObject.Create(schema) : null;
        var value = Compose(parameters, lastUserText, null, ref random, depth: 0) as JsonObject ?? [];
        return value.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static bool Mentions(FunctionDefinition function, string text)
    {
        var name = function.Name ?? string.Empty;
        foreach (Match word in NameWord().Matches(name))
        {
            if (word.Length >= 4 && !s_verbs.Contains(word.Value) &&
                text.Contains(word.Value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonNode? Compose(JsonObject? schema, string text, string? propertyName, ref MimicRandom random, int depth)
    {
        if (schema is null)
        {
            return new JsonObject();
        }

        if (schema["enum"] is JsonArray { Count: > 0 } choices)
        {
            return choices[random.Next(choices.Count)]?.DeepClone();
        }

        if (schema["default"] is { } fallback)
        {
            return fallback.DeepClone();
        }

        var type = schema["type"] switch
        {
            JsonValue single => JsonRead.String(single),
            JsonArray many => many.Select(JsonRead.String).FirstOrDefault(t => t is not null and not "null"),
            _ => schema["properties"] is not null ? "object" : "string",
        };
        switch (type)
        {
            case "object" when depth < 4:
                var result = new JsonObject();
                var properties = schema["properties"] as JsonObject;
                foreach (var required in (schema["required"] as JsonArray ?? []).Select(JsonRead.String).OfType<string>().Distinct())
                {
                    result[required] = Compose(properties?[required] as JsonObject, text, required, ref random, depth + 1);
                }

                return result;
            case "object":
                return new JsonObject();
            case "array":
                return new JsonArray(Compose(schema["items"] as JsonObject, text, propertyName, ref random, depth + 1));
            case "integer":
                return Bounded(schema, random.Next(1, 10));
            case "number":
                return Math.Round(Bounded(schema, random.Next(10, 999)) / 10.0, 1);
            case "boolean":
                return true;
            default:
                return StringFor(propertyName, text, ref random);
        }
    }

    private static int Bounded(JsonObject schema, int value)
    {
        var min = JsonRead.Number(schema["minimum"]) is { } low ? (int)Math.Clamp(Math.Ceiling(low), -1e9, 1e9) : int.MinValue;
        var max = JsonRead.Number(schema["maximum"]) is { } high ? (int)Math.Clamp(Math.Floor(high), -1e9, 1e9) : int.MaxValue;
        return Math.Clamp(value, min, Math.Max(min, max));
    }

    // A proper noun from the user's message (Paris in "weather in Paris") is the likeliest string argument; else a word of the answer text.
    private static string StringFor(string? propertyName, string text, ref MimicRandom random)
    {
        var nouns = ProperNoun().Matches(text).Select(m => m.Value).Where(n => !text.StartsWith(n, StringComparison.Ordinal)).ToList();
        if (nouns.Count > 0)
        {
            return nouns[^1];
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.Trim('?', '.', '!', ',', ';', ':', '"', '\''))
            .Where(w => w.Length >= 4)
            .ToList();
        if (words.Count > 0)
        {
            return words[^1];
        }

        return propertyName is null ? "example" : string.Create(CultureInfo.InvariantCulture, $"{propertyName}-{random.Next(1, 99)}");
    }
}
