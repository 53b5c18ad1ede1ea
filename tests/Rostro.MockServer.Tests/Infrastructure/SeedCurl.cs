using System.Text;

namespace Rostro.MockServer.Tests.Infrastructure;

/// <summary>One <c>curl</c> command of the seed documentation, parsed the way a shell and curl would read it.</summary>
/// <param name="Method">From <c>-X</c>; otherwise POST when data is sent, else GET (curl's rule).</param>
/// <param name="Url">The URL as written.</param>
/// <param name="Headers">Every <c>-H</c>, as name and value.</param>
/// <param name="Data">The <c>-d</c> payload, or null.</param>
/// <param name="Form">Every <c>-F name=value</c> (<c>@file</c> values name a file).</param>
public sealed record SeedCurl(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Data, IReadOnlyList<KeyValuePair<string, string>> Form)
{
    public override string ToString() => $"{Method} {Url}";

    /// <summary>Every curl command of a seed document, in order.</summary>
    public static IReadOnlyList<SeedCurl> ReadAll(string document)
    {
        var commands = new List<SeedCurl>();
        var lines = document.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("curl ", StringComparison.Ordinal))
            {
                continue;
            }

            var text = new StringBuilder(lines[i]);
            while ((EndsWithContinuation(text) || QuoteOpen(text.ToString())) && i + 1 < lines.Length)
            {
                if (EndsWithContinuation(text))
                {
                    text.Length = text.ToString().TrimEnd().Length - 1;
                    text.Append(' ');
                }
                else
                {
                    text.Append('\n');
                }

                text.Append(lines[++i]);
            }

            commands.Add(Parse(Tokenize(text.ToString())));
        }

        return commands;
    }

    private static bool EndsWithContinuation(StringBuilder text) => text.ToString().TrimEnd().EndsWith('\\');

    private static bool QuoteOpen(string text) => Tokenize(text, out var open) is not null && open;

    private static List<string> Tokenize(string text) => Tokenize(text, out _);

    private static List<string> Tokenize(string text, out bool quoteOpen)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inToken = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        quoteOpen = quote is not null;
        return tokens;
    }

    private static SeedCurl Parse(List<string> tokens)
    {
        string? method = null;
        string? url = null;
        string? data = null;
        var headers = new List<KeyValuePair<string, string>>();
        var form = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < tokens.Count; i++)
        {
            switch (tokens[i])
            {
                case "-X":
                    method = tokens[++i];
                    break;
                case "-H":
                    var header = tokens[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d":
                    data = tokens[++i];
                    break;
                case "-F":
                    var part = tokens[++i];
                    var equals = part.IndexOf('=', StringComparison.Ordinal);
                    form.Add(new(part[..equals], part[(equals + 1)..]));
                    break;
                default:
                    url = tokens[i];
                    break;
            }
        }

        return new SeedCurl(method ?? (data is not null || form.Count > 0 ? "POST" : "GET"), url!, headers, data, form);
    }
}
