using System.Text;
using System.Text.RegularExpressions;

namespace Rostro.WireMock;

/// <summary>Orders the spec's path templates as the Rostro mock's router tries them, and turns a template into a path pattern.</summary>
/// <remarks>
/// The mock walks literal segments before parameters, segment by segment, so <c>/config/v1/models</c> is
/// <c>/config/{config_id}/{sub_id}</c>'s before it is <c>/{model}/v1/models</c>'s. Two templates that match one path have as many
/// segments and the same literals wherever both have one, so comparing their segment kinds (literal before parameter) from the
/// left decides between them; WireMock gets that order as priorities.
/// </remarks>
internal static class RoutePrecedence
{
    /// <summary>Each distinct template's rank, 0 first.</summary>
    public static IReadOnlyDictionary<string, int> Rank(IEnumerable<string> templates) =>
        templates
            .Distinct(StringComparer.Ordinal)
            .OrderBy(t => Kinds(t), StringComparer.Ordinal)
            .ThenBy(t => t, StringComparer.Ordinal)
            .Select((template, rank) => (template, rank))
            .ToDictionary(x => x.template, x => x.rank, StringComparer.Ordinal);

    /// <summary>Whether the template has path parameters.</summary>
    public static bool HasParameters(string template) => Segments(template).Any(IsParameter);

    /// <summary>An anchored regex: literal segments as written, each parameter one non-empty segment (the mock validates the value; WireMock does not).</summary>
    public static string Pattern(string template)
    {
        var pattern = new StringBuilder("^");
        foreach (var segment in Segments(template))
        {
            pattern.Append('/').Append(IsParameter(segment) ? "[^/]+" : Regex.Escape(segment));
        }

        return pattern.Append('$').ToString();
    }

    // "L" per literal, "P" per parameter: ordinal order puts literals first at the first segment where two templates differ.
    private static string Kinds(string template) => string.Concat(Segments(template).Select(s => IsParameter(s) ? 'P' : 'L'));

    private static IEnumerable<string> Segments(string template) => template.TrimStart('/').Split('/');

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';
}
