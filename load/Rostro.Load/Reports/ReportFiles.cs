namespace Rostro.Load;

/// <summary>Writes <c>report.json</c>, <c>report.md</c> and <c>report.html</c> into the output folder (and a sweep's <c>sweep.svg</c>).</summary>
public static class ReportFiles
{
    /// <summary>Writes the three reports; returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(LoadReport report, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var files = new List<(string Name, string Text)>
        {
            ("report.json", ReportJson.Serialize(report)),
            ("report.md", MarkdownReport.Render(report)),
            ("report.html", HtmlReport.Render(report)),
        };
        if (report.Sweep is { } sweep)
        {
            // The sweep's chart on its own, to show beside a README or in a pull request.
            files.Add(("sweep.svg", SvgChart.Standalone(HtmlReport.LatencyAgainstLoad(sweep))));
        }

        var paths = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
            paths.Add(path);
        }

        return paths;
    }
}
