using System.Globalization;
using System.Text.RegularExpressions;

namespace Rostro.WireMock;

/// <summary>Regexes over the whole <c>Prefer</c> header that read it as the Rostro mock does (RFC 7240, Prism's <c>code</c> and <c>example</c>).</summary>
/// <remarks>
/// <para>Preferences are separated by commas and may carry <c>;</c> parameters; names are compared in any case, values exactly
/// (quotes allowed); other preferences (<c>return=minimal</c>) are ignored. So <c>Prefer: code=200, example=seed</c> and
/// <c>Prefer: example="seed";x=1,code=200</c> mean the same.</para>
/// <para>One pattern is a chain of lookaheads followed by <c>.*</c>: WireMock.Net searches a regex, Java WireMock matches it against the
/// whole value, and this form means the same to both (only lookaheads, scoped <c>(?i:)</c> and character classes both engines share).</para>
/// </remarks>
public static class PreferPattern
{
    /// <summary>The header's name.</summary>
    public const string Header = "Prefer";

    /// <summary><c>code=status</c> without <c>example</c>.</summary>
    public static string ForStatus(int status) =>
        Build(Present(Has("code", status.ToString(CultureInfo.InvariantCulture))), Absent(Names("example")));

    /// <summary><c>code=status</c> with <c>example=name</c>; with <paramref name="orNoExample"/> also <c>code=status</c> alone (the status's first example).</summary>
    public static string ForStatus(int status, string example, bool orNoExample)
    {
        var code = Present(Has("code", status.ToString(CultureInfo.InvariantCulture)));
        var named = Present(Has("example", example));
        return Build(code, orNoExample ? $"(?:{named}|{Absent(Names("example"))})" : named);
    }

    /// <summary><c>example=name</c> without <c>code</c>.</summary>
    public static string ForExample(string example) => Build(Present(Has("example", example)), Absent(Names("code")));

    /// <summary>Any <c>code</c> or <c>example</c> preference (the stubs that match a documented one outrank this).</summary>
    public static string ForAnyCodeOrExample() => Build($"(?:{Present(Names("code"))}|{Present(Names("example"))})");

    // ^(?=.*?A)(?!.*?B).* — every condition looks from the start, so the preferences may come in any order.
    private static string Build(params string[] conditions) => "^" + string.Concat(conditions) + ".*$";

    private static string Present(string preference) => $"(?=.*?{preference})";

    private static string Absent(string preference) => $"(?!.*?{preference})";

    // The preference `name=value` as a whole list item (after the start or a comma, before `;`, a comma or the end), and the
    // last one of that name: the mock keeps the last of a repeated preference (`code=404, code=500` is 500).
    private static string Has(string name, string value) =>
        $"(?:^|,)\\s*(?i:{name})\\s*=\\s*\"?{Regex.Escape(value)}\"?\\s*(?:;[^,]*)?(?:$|,(?!(?:.*?,)?\\s*(?i:{name})\\s*=))";

    // The preference `name=` with any value.
    private static string Names(string name) => $"(?:^|,)\\s*(?i:{name})\\s*=";
}
