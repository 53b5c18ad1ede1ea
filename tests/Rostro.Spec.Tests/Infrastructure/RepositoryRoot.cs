namespace Rostro.Spec.Tests.Infrastructure;

/// <summary>The checkout's root, found from the test binaries so tests can read openapi/ files that are not embedded.</summary>
public static class RepositoryRoot
{
    private const string Marker = "Rostro.Contracts.sln";

    private static readonly Lazy<string> s_path = new(Locate);

    public static string Path => s_path.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}.");
    }
}
