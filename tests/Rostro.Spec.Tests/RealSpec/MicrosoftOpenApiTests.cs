namespace Rostro.Spec.Tests.RealSpec;

/// <summary>Microsoft.OpenApi (the reader ASP.NET Core and Kiota use, and the one the library loads with) reads the spec without complaint.</summary>
public class MicrosoftOpenApiTests
{
    [Fact]
    public void Spec_loads_with_Microsoft_OpenApi_without_errors_or_warnings()
    {
        var spec = Infrastructure.EmbeddedSpec.Spec;

        spec.Warnings.Should().BeEmpty();
        spec.Document.Paths.Should().NotBeEmpty();
        spec.Operations.Should().HaveCount(spec.Document.Paths.Sum(p => p.Value.Operations!.Count));
    }
}
