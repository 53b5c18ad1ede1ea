using System.Text;
using System.Text.RegularExpressions;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>The one place every piece of output passes through (console, TRX messages, evidence, coverage, timings): credentials become <c>[redacted]</c>.</summary>
/// <remarks>
/// Two rules: every configured credential value (and its URL- and Base64-encoded forms) wherever it appears, and the value of
/// every header that carries credentials whatever it holds, so a credential the suite never saw (a server echoing a cookie) is
/// hidden too.
/// </remarks>
public sealed partial class Redactor
{
    public const string Mask = "[redacted]";

    /// <summary>Headers whose values are credentials.</summary>
    public static readonly IReadOnlySet<string> CredentialHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "CH-API-KEY", "samwise", "Cookie", "Set-Cookie", "X-Admin-Token", "Proxy-Authorization",
    };

    private readonly List<string> _secrets = [];
    private readonly Lock _gate = new();

    public Redactor(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    /// <summary>Adds a credential value to hide (values under four characters are no credential and would mask ordinary text).</summary>
    public void Add(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var form in new[] { secret, Uri.EscapeDataString(secret), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
            {
                if (!_secrets.Contains(form, StringComparer.Ordinal))
                {
                    _secrets.Add(form);
                }
            }

            // Longest first, so a secret containing another is masked whole.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    /// <summary>The text with every credential masked.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        string[] secrets;
        lock (_gate)
        {
            secrets = [.. _secrets];
        }

        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return HeaderLine().Replace(text, m => m.Groups["name"].Value + ": " + Mask);
    }

    /// <summary>A header value as it may be shown.</summary>
    public string HeaderValue(string name, string value) => CredentialHeaders.Contains(name) ? Mask : Redact(value);

    // "Authorization: Bearer x" in free text (an exception message, a copied request).
    [GeneratedRegex(@"(?<name>\b(?:Authorization|CH-API-KEY|samwise|Cookie|Set-Cookie|X-Admin-Token|Proxy-Authorization))\s*:\s*(?!\[redacted\])[^\r\n]+", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLine();
}
