using Rostro.Testing;

namespace Rostro.Client.Tests.Documentation;

/// <summary>The README's client example compiles as printed, so it cannot drift from the generated API.</summary>
public class ReadmeSnippetTests
{
    [Fact]
    public void The_csharp_example_under_The_CSharp_client_compiles_as_a_console_program_with_no_warnings()
    {
        var code = ReadmeSnippet.Code(Path.Combine(RepositoryRoot.Path, "README.md"), "The C# client");

        ReadmeSnippet.Problems(code).Should().BeEmpty();
    }
}
