using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Safety;

namespace Rostro.Contracts.Tests.Evidence;

/// <summary>Writes the exchange of every failed check to <c>contract-evidence/</c> under the results, through the redactor, so a staging failure can be understood without rerunning it.</summary>
public sealed class EvidenceWriter(string directory, Redactor redactor, CoverageRecorder coverage)
{
    private const int MaxBody = 64 * 1024;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _tests = new(StringComparer.Ordinal);
    private int _count;

    public string Directory { get; } = directory;

    public Redactor Redactor { get; } = redactor;

    public CoverageRecorder Coverage { get; } = coverage;

    /// <summary>Writes one failure; returns the file's path (null when the directory cannot be written: the failure itself still reports).</summary>
    public string? Write(Exchange exchange, IReadOnlyList<ContractFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(failures);
        var test = TestContext.Current.Test?.TestDisplayName ?? "(outside a test)";
        if (TestContext.Current.Test?.UniqueID is { } id)
        {
            _tests[id] = 0;
        }

        var text = new StringBuilder()
            .Append("# ").AppendLine(exchange.Name)
            .AppendLine()
            .Append("Test: ").AppendLine(test)
            .Append("Time: ").AppendLine(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))
            .AppendLine()
            .AppendLine("## Rules broken")
            .AppendLine();
        foreach (var failure in failures)
        {
            text.Append("- ").AppendLine(failure.ToString());
        }

        AppendExchange(text, exchange);
        return Save($"{Safe(exchange.Operation?.OperationId ?? exchange.Method)}-{exchange.Status}", text);
    }

    /// <summary>For a test that failed on something other than a contract check (a lifecycle's "listed" step): its message and its last exchanges.</summary>
    public string? WriteTestFailure(string testId, string test, string message, IReadOnlyList<Exchange> recent)
    {
        ArgumentNullException.ThrowIfNull(recent);
        if (_tests.ContainsKey(testId))
        {
            return null;
        }

        var text = new StringBuilder().Append("# ").AppendLine(test).AppendLine().AppendLine("## Failure").AppendLine().AppendLine("```").AppendLine(message).AppendLine("```");
        foreach (var exchange in recent)
        {
            text.AppendLine().Append("## Exchange: ").AppendLine(exchange.Name);
            AppendExchange(text, exchange);
        }

        return Save("test", text);
    }

    private void AppendExchange(StringBuilder text, Exchange exchange)
    {
        text.AppendLine().AppendLine("## Request").AppendLine().AppendLine("```http")
            .Append(exchange.Method).Append(' ').AppendLine(exchange.Url.ToString());
        AppendHeaders(text, exchange.RequestHeaders);
        if (exchange.RequestBody is { } requestBody)
        {
            text.AppendLine().AppendLine(Trim(requestBody));
        }

        text.AppendLine("```").AppendLine().AppendLine("## Response").AppendLine().AppendLine("```http")
            .Append(exchange.Status).Append(' ').AppendLine(exchange.MediaType ?? string.Empty);
        AppendHeaders(text, exchange.ResponseHeaders);
        text.AppendLine().AppendLine(Trim(Pretty(exchange.Body))).AppendLine("```")
            .AppendLine().Append("Answered in ").Append(exchange.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)).AppendLine(" ms.");
    }

    private string? Save(string what, StringBuilder text)
    {
        var name = $"{Interlocked.Increment(ref _count):D4}-{what}.md";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = Path.Combine(Directory, name);
            File.WriteAllText(path, Redactor.Redact(text.ToString()));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void AppendHeaders(StringBuilder text, IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (key, value) in headers)
        {
            text.Append(key).Append(": ").AppendLine(Redactor.HeaderValue(key, value));
        }
    }

    private static string Pretty(string body)
    {
        try
        {
            return JsonNode.Parse(body)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string Trim(string text) => text.Length <= MaxBody ? text : text[..MaxBody] + $"\n… ({text.Length} characters in all)";

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
