using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rostro.WireMock.Tests.Infrastructure;

namespace Rostro.WireMock.Tests.Documentation;

/// <summary>The README's in-process WireMock example compiles as printed, so it cannot drift from <c>WithRostroApi()</c> or WireMock.Net's API.</summary>
public partial class ReadmeSnippetTests
{
    // The global usings of a new console project (ImplicitUsings on), where a reader pastes it.
    private static readonly string[] s_consoleGlobalUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    [GeneratedRegex(@"^## WireMock\s*$(?<section>.*?)^## ", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex WireMockSection();

    [GeneratedRegex(@"^```csharp\s*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Fact]
    public void The_csharp_example_under_WireMock_compiles_as_a_console_program_with_no_warnings()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root!, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = WireMockSection().Match(readme);
        section.Success.Should().BeTrue("README.md has a section \"## WireMock\"");
        var block = CSharpBlock().Match(section.Groups["section"].Value);
        block.Success.Should().BeTrue("that section shows C# code");

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var globalUsings = string.Concat(s_consoleGlobalUsings.Select(u => $"global using global::{u};\n"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(block.Groups["code"].Value, parse, "README.md"), CSharpSyntaxTree.ParseText(globalUsings, parse, "GlobalUsings.g.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
                // As every SDK build does (NoWarn 1701;1702): WireMock.Net was built against .NET 8's assembly versions.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).Should().BeEmpty();
    }
}
