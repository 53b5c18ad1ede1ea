using System.Text.RegularExpressions;
using Rostro.Load.Tests.Infrastructure;
using static Rostro.Load.Tests.Infrastructure.Timelines;

namespace Rostro.Load.Tests.Reports;

public sealed partial class ReportFilesTests
{
    private static LoadReport Report()
    {
        var statistics = Statistics("ttft_ms.p95 < 800");
        for (var i = 0; i < 50; i++)
        {
            statistics.Record(Streamed(i * 100, [(i * 100) + 150, (i * 100) + 160, (i * 100) + 171], (i * 100) + 175, usageTokens: 3));
        }

        return new LoadReport { Target = "http://127.0.0.1:4010/", Passed = true, Scenarios = [ScenarioReport.From(Info("chat", "ttft_ms.p95 < 800"), statistics)] };
    }

    [Fact]
    public async Task The_html_report_is_self_contained()
    {
        var directory = Cli.TempDirectory();

        await ReportFiles.WriteAsync(Report(), directory);

        var html = await File.ReadAllTextAsync(Path.Combine(directory, "report.html"));
        html.Should().StartWith("<!doctype html>").And.Contain("<svg").And.Contain("TTFT distribution").And.Contain("ITL over time").And.Contain("Status codes");
        ExternalReference().Matches(html).Should().BeEmpty("it must open offline");
        html.Should().NotContain("<script");
    }

    [Fact]
    public async Task Report_json_uses_the_design_names()
    {
        var directory = Cli.TempDirectory();

        await ReportFiles.WriteAsync(Report(), directory);

        var json = await File.ReadAllTextAsync(Path.Combine(directory, "report.json"));
        foreach (var name in new[] { "\"ttft_ms\"", "\"itl_ms\"", "\"tpot_ms\"", "\"e2e_ms\"", "\"p50\"", "\"p90\"", "\"p95\"", "\"p99\"", "\"p999\"", "\"max\"", "\"scheduler_lag_ms\"", "\"failed_by_kind\"", "\"requests_per_s\"", "\"output_tokens_per_s\"", "\"goodput_per_s\"", "\"ttft_us\"" })
        {
            json.Should().Contain(name);
        }
    }

    [Fact]
    public void The_markdown_report_leads_with_the_verdict_and_the_thresholds()
    {
        var markdown = MarkdownReport.Render(Report());

        markdown.Should().StartWith("# Load test: ✅ passed");
        markdown.Should().Contain("| `ttft_ms.p95 < 800` | 150 | ✅ |");
        markdown.Should().Contain("| TTFT | 150");
    }

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
