using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rostro.Testing;

/// <summary>A README section's first C# block, compiled as a reader would paste it into a new console project.</summary>
/// <remarks>Compiled into the test projects that reference Microsoft.CodeAnalysis.CSharp (their csproj links this folder).</remarks>
internal static partial class ReadmeSnippet
{
    // The global usings of a new console project (Microsoft.NET.Sdk, ImplicitUsings on).
    private static readonly string[] s_consoleGlobalUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    [GeneratedRegex(@"^```csharp\s*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>The first <c>```csharp</c> block under <c>## <paramref name="section"/></c> of the README.</summary>
    public static string Code(string readmePath, string section)
    {
        var readme = File.ReadAllText(readmePath).Replace("\r\n", "\n", StringComparison.Ordinal);
        var match = Regex.Match(readme, $@"^## {Regex.Escape(section)}\s*$(?<section>.*?)^## ", RegexOptions.Multiline | RegexOptions.Singleline);
        if (!match.Success)
        {
            throw new InvalidOperationException($"README.md has no section \"## {section}\".");
        }

        var block = CSharpBlock().Match(match.Groups["section"].Value);
        return block.Success ? block.Groups["code"].Value : throw new InvalidOperationException($"README.md's \"## {section}\" shows no C# code.");
    }

    /// <summary>Compiles the code against every assembly the test process has (the projects it references included); returns its warnings and errors.</summary>
    /// <param name="code">The snippet.</param>
    /// <param name="suppress">Diagnostics an SDK build suppresses too (CS1701/CS1702 for packages built against older assembly versions).</param>
    public static IReadOnlyList<string> Problems(string code, params string[] suppress)
    {
        var globalUsings = string.Concat(s_consoleGlobalUsings.Select(u => $"global using global::{u};\n"));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(suppress.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress)));

        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [CSharpSyntaxTree.ParseText(code, parse, "README.md"), CSharpSyntaxTree.ParseText(globalUsings, parse, "GlobalUsings.g.cs")],
            references,
            options);
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
    }
}
