namespace Rostro.Contracts.Tests.Evidence;

/// <summary>Where a run's files go: next to the TRX, in the directory <c>dotnet test --results-directory</c> names (or its default).</summary>
public static class ResultsDirectory
{
    /// <summary>Written by the project's RecordResultsDirectory target just before <c>dotnet test</c> runs the tests.</summary>
    public const string MarkerFile = "contract-results-directory.txt";

    /// <summary>ROSTRO_RESULTS_DIR when given, else what <c>dotnet test</c> was told, else <c>TestResults</c> under the working directory.</summary>
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var marker = Path.Combine(AppContext.BaseDirectory, MarkerFile);
        var recorded = File.Exists(marker) ? File.ReadAllText(marker).Trim() : string.Empty;
        return recorded.Length > 0 ? recorded : Path.GetFullPath("TestResults");
    }
}
