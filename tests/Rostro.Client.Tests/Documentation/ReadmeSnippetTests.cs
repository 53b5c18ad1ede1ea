using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Documentation;

/// <summary>The README's client example compiles as printed, so it cannot drift from the generated API.</summary>
public partial class ReadmeSnippetTests
{
    // The global usings of a new console project (Microsoft.NET.Sdk, ImplicitUsings on), which is where a reader pastes it.
    private static readonly string[] s_consoleGlobalUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    [GeneratedRegex(@"^## The C# client\s*$(?<section>.*?)^## ", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ClientSection();

    [GeneratedRegex(@"^```csharp\s*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static string Snippet()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = ClientSection().Match(readme);
        section.Success.Should().BeTrue("README.md has a section \"## The C# client\"");
        var block = CSharpBlock().Match(section.Groups["section"].Value);
        block.Success.Should().BeTrue("that section shows C# code");
        return block.Groups["code"].Value;
    }

    [Fact]
    public void The_csharp_example_under_The_CSharp_client_compiles_as_a_console_program_with_no_warnings()
    {
        var code = Snippet();
        var globalUsings = string.Concat(s_consoleGlobalUsings.Select(u => $"global using global::{u};\n"));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));

        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(code, parse, "README.md"), CSharpSyntaxTree.ParseText(globalUsings, parse, "GlobalUsings.g.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToArray();
        problems.Should().BeEmpty();
    }
}
