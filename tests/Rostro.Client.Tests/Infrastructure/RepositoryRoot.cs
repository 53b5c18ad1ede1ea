namespace Rostro.Client.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The checkout this test assembly was built from (the folder holding Rostro.Contracts.sln).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Rostro.Contracts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Rostro.Contracts.sln not found above " + AppContext.BaseDirectory);
    }
}
