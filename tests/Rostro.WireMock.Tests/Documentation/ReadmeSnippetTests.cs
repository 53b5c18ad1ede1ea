using Rostro.Testing;

namespace Rostro.WireMock.Tests.Documentation;

/// <summary>The README's in-process WireMock example compiles as printed, so it cannot drift from <c>WithRostroApi()</c> or WireMock.Net's API.</summary>
public class ReadmeSnippetTests
{
    [Fact]
    public void The_csharp_example_under_WireMock_compiles_as_a_console_program_with_no_warnings()
    {
        var code = ReadmeSnippet.Code(Rostro.Testing.RepositoryRoot.Combine("README.md"), "WireMock");

        // As every SDK build does (NoWarn 1701;1702): WireMock.Net was built against .NET 8's assembly versions.
        ReadmeSnippet.Problems(code, "CS1701", "CS1702").Should().BeEmpty();
    }
}
