using System.Globalization;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace Rostro.Spec;

/// <summary>Turns NJsonSchema's path strings (<c>#/messages[1].role</c>) into exact segments.</summary>
/// <remarks>
/// NJsonSchema joins property names with '.', so <c>#/a.b</c> could be property "a.b" or "a" then "b".
/// Walking the instance alongside the string resolves that: a segment is the longest property name the
/// current object really has. Only the last segment may be absent (a missing required property), and
/// NJsonSchema names it exactly in <see cref="ValidationError.Property"/>.
/// </remarks>
internal static class ViolationPath
{
    public static IReadOnlyList<object> Parse(ValidationError error, JToken root)
    {
        var rest = (error.Path ?? string.Empty).TrimStart('#').TrimStart('/');
        var segments = new List<object>();
        JToken? current = root;

        while (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0 || !int.TryParse(rest.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(rest);
                    break;
                }

                segments.Add(index);
                current = current is JArray array && index < array.Count ? array[index] : null;
                rest = SkipDot(rest[(close + 1)..]);
                continue;
            }

            var name = MatchProperty(current as JObject, rest) ?? (rest == error.Property ? rest : UpToSeparator(rest));
            segments.Add(name);
            current = (current as JObject)?.Property(name)?.Value;
            rest = SkipDot(rest[name.Length..]);
        }

        return segments;
    }

    private static string? MatchProperty(JObject? current, string rest) =>
        current?.Properties()
            .Select(p => p.Name)
            .Where(n => n.Length > 0 && rest.StartsWith(n, StringComparison.Ordinal) && (rest.Length == n.Length || rest[n.Length] is '.' or '['))
            .OrderByDescending(n => n.Length)
            .FirstOrDefault();

    private static string UpToSeparator(string rest)
    {
        var end = rest.IndexOfAny(['.', '[']);
        return end < 0 ? rest : rest[..end];
    }

    private static string SkipDot(string rest) => rest.StartsWith('.') ? rest[1..] : rest;
}
