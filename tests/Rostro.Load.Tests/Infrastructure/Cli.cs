namespace Rostro.Load.Tests.Infrastructure;

/// <summary>Runs the command line in-process, capturing what it prints.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LoadCommandLine.InvokeAsync(args, output, error, outputIsTerminal: false, name => environment?.GetValueOrDefault(name), cancellationToken);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "rostro-load-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static string WriteScenario(string json)
    {
        var path = Path.Combine(TempDirectory(), "scenario.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static LoadReport ReadReport(string directory) => ReportJson.Deserialize(File.ReadAllText(Path.Combine(directory, "report.json")));

    public static string SmokeJson => Path.Combine(AppContext.BaseDirectory, "Scenarios", "smoke.json");
}
