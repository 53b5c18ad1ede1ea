using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Rostro.Testing;

namespace Rostro.Client.Tests.Generation;

/// <summary>
/// Builds a copy of Rostro.Client (and the wire models of Rostro.Wire under it) against an edited spec in a temporary folder,
/// with the real build files and the generated code of the previous build, and checks that the next plain <c>dotnet build</c>
/// carries the edit into both assemblies: a new operation into the client, its new response schema into the models.
/// The build runs with a PATH holding only <c>dotnet</c> and <c>sh</c>: generation needs the .NET SDK alone, never Node.js.
/// </summary>
public sealed class RegenerationTests : IDisposable
{
    private const string NewOperationId = "pingRegenerationCheck";
    private readonly string _root = Directory.CreateTempSubdirectory("rostro-client-regen-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is in the temp directory anyway.
        }
    }

    [Fact]
    public async Task A_spec_change_reaches_the_client_on_the_next_build_and_an_unchanged_spec_does_not_regenerate()
    {
        var source = RepositoryRoot.Path;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "src/Rostro.Generation.targets" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_root, file))!);
            File.Copy(Path.Combine(source, file), Path.Combine(_root, file));
        }

        CopyProject(Path.Combine(source, "src", "Rostro.Client"), Path.Combine(_root, "src", "Rostro.Client"));
        CopyProject(Path.Combine(source, "src", "Rostro.Wire"), Path.Combine(_root, "src", "Rostro.Wire"));
        var generated = Path.Combine(_root, "src", "Rostro.Client", "Generated", "RostroClient.g.cs");
        var models = Path.Combine(_root, "src", "Rostro.Wire", "Generated", "RostroWire.g.cs");
        File.Exists(generated).Should().BeTrue("the previous build's output is copied along, so only the spec edit can make the build regenerate");
        File.Exists(models).Should().BeTrue("the previous build's models are copied along too");
        File.ReadAllText(generated).Should().NotContain("PingRegenerationCheckAsync");
        File.ReadAllText(models).Should().NotContain("class RegenerationPong");

        Directory.CreateDirectory(Path.Combine(_root, "openapi"));
        var spec = File.ReadAllText(Path.Combine(source, "openapi", "rostro.yaml"));
        const string newPath = """
                                 /api/ping-regeneration-check:
                                   get:
                                     operationId: pingRegenerationCheck
                                     tags: [account]
                                     summary: Added by a test
                                     responses:
                                       '200':
                                         description: Pong.
                                         content:
                                           application/json:
                                             schema:
                                               $ref: '#/components/schemas/RegenerationPong'
                               """;
        const string newSchema = """
                                     RegenerationPong:
                                       type: object
                                       properties:
                                         pong_at:
                                           type: string
                                 """;
        spec = spec.Replace("\npaths:\n", "\npaths:\n" + newPath.Replace("\r\n", "\n") + "\n", StringComparison.Ordinal);
        spec = spec.Replace("\n  schemas:\n", "\n  schemas:\n" + newSchema.Replace("\r\n", "\n") + "\n", StringComparison.Ordinal);
        spec.Should().Contain(NewOperationId).And.Contain("RegenerationPong:");
        File.WriteAllText(Path.Combine(_root, "openapi", "rostro.yaml"), spec);
        File.SetLastWriteTimeUtc(generated, DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(models, DateTime.UtcNow.AddMinutes(-5));

        var first = await BuildAsync();
        first.ExitCode.Should().Be(0, first.Output);
        first.Output.Should().Contain("Rostro.Client: generated").And.Contain("Rostro.Wire: generated");
        var bin = Path.Combine(_root, "src", "Rostro.Client", "bin", "Release", "net10.0");
        MethodNames(Path.Combine(bin, "Rostro.Client.dll")).Should().Contain("PingRegenerationCheckAsync");
        TypeNames(Path.Combine(bin, "Rostro.Wire.dll")).Should().Contain("RegenerationPong");
        MethodNames(Path.Combine(bin, "Rostro.Wire.dll")).Should().Contain("get_PongAt");

        var stamps = (File.GetLastWriteTimeUtc(generated), File.GetLastWriteTimeUtc(models));
        var second = await BuildAsync();
        second.ExitCode.Should().Be(0, second.Output);
        second.Output.Should().NotContain("Rostro.Client: generated").And.NotContain("Rostro.Wire: generated");
        (File.GetLastWriteTimeUtc(generated), File.GetLastWriteTimeUtc(models)).Should().Be(stamps);
    }

    private static void CopyProject(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task<(int ExitCode, string Output)> BuildAsync()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ResolveFromPath("dotnet");
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = ToolsOnlyPath(dotnet);
        foreach (var argument in new[] { "build", "src/Rostro.Client/Rostro.Client.csproj", "-c", "Release", "-nologo", "-v:n", "-nodeReuse:false", "-p:UseSharedCompilation=false" })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point the child build at the parent's MSBuild.
        foreach (var name in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        // A compiler on both cores would distort the mock's timing tests running in the other test process.
        using var exclusive = await MachineExclusiveSection.EnterAsync();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    // A folder holding only what a machine with just the .NET SDK has: the dotnet host, and sh for MSBuild's Exec.
    private string ToolsOnlyPath(string dotnet)
    {
        var bin = Path.Combine(_root, ".tools-only-bin");
        if (Directory.Exists(bin))
        {
            return bin;
        }

        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), dotnet);
        File.CreateSymbolicLink(Path.Combine(bin, "sh"), ResolveFromPath("sh"));
        return bin;
    }

    private static string ResolveFromPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{tool} is not on PATH.");

    private static IReadOnlyList<string> MethodNames(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.MethodDefinitions.Select(h => metadata.GetString(metadata.GetMethodDefinition(h).Name)).ToArray();
    }

    private static IReadOnlyList<string> TypeNames(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeDefinitions.Select(h => metadata.GetString(metadata.GetTypeDefinition(h).Name)).ToArray();
    }
}
