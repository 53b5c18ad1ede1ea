namespace Rostro.Testing;

/// <summary>The checkout a test assembly was built from: the folder holding <c>Rostro.Contracts.sln</c>, found upwards from the test binaries.</summary>
/// <remarks>Tests read from it what is not embedded (the README, openapi/ files, node_modules, build files).</remarks>
public static class RepositoryRoot
{
    private const string Marker = "Rostro.Contracts.sln";

    private static readonly Lazy<string?> s_found = new(Locate);

    /// <summary>The checkout's root; throws when the binaries were copied out of it.</summary>
    public static string Path => s_found.Value ?? throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}.");

    /// <summary>The checkout's root, or null when the binaries were copied out of it (a test that can do without it skips).</summary>
    public static string? Found => s_found.Value;

    /// <summary>A path inside the checkout.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
