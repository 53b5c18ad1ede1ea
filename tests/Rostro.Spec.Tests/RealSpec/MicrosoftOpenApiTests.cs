using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>A second, independent reader (the one ASP.NET Core and Kiota use) accepts the spec without complaint.</summary>
public class MicrosoftOpenApiTests
{
    [Fact]
    public void Spec_loads_with_Microsoft_OpenApi_without_errors()
    {
        // Microsoft.OpenApi 3.x reads JSON only; the library already holds the YAML as JSON.
        var result = OpenApiDocument.Parse(EmbeddedSpec.Spec.Json, OpenApiConstants.Json, new OpenApiReaderSettings());

        result.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}").Should().BeEmpty();
        result.Document.Should().NotBeNull();
        result.Document!.Paths.Should().HaveCount(EmbeddedSpec.Spec.Document.Paths.Count);
    }
}
