using Microsoft.OpenApi;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.Operations;

public class OperationEnumerationTests
{
    private static Task<RostroSpec> LoadAsync() => TestSpecs.LoadAsync("Operations", "operations.yaml");

    [Fact]
    public async Task Every_method_of_every_path_is_one_operation_in_spec_order()
    {
        var spec = await LoadAsync();

        spec.Operations.Select(o => o.Key).Should().Equal(
            "POST /tags",
            "PUT /tags",
            "GET /api/gallery/{uuid}",
            "DELETE /api/gallery/{uuid}");
    }

    [Fact]
    public async Task Operation_exposes_id_first_tag_summary_and_raw_operation()
    {
        var spec = await LoadAsync();

        var op = spec.Find("POST", "/tags")!;

        op.Method.Should().Be("POST");
        op.PathTemplate.Should().Be("/tags");
        op.OperationId.Should().Be("getTags");
        op.Tag.Should().Be("tags");
        op.Summary.Should().Be("Get all tags");
        op.Raw.Should().BeOfType<OpenApiOperation>().Which.OperationId.Should().Be("getTags");
    }

    [Theory]
    [InlineData("get", "/api/gallery/{uuid}")]
    [InlineData("Get", "/api/gallery/{uuid}")]
    [InlineData("GET", "/api/gallery/{uuid}")]
    public async Task Find_ignores_the_case_of_the_method(string method, string path)
    {
        var spec = await LoadAsync();

        spec.Find(method, path)!.OperationId.Should().Be("getGalleryItem");
    }

    [Theory]
    [InlineData("PATCH", "/tags")]
    [InlineData("GET", "/api/gallery/123")]
    [InlineData("GET", "/nope")]
    public async Task Find_returns_null_for_an_undeclared_operation(string method, string path)
    {
        var spec = await LoadAsync();

        spec.Find(method, path).Should().BeNull();
    }

    [Fact]
    public async Task Only_an_explicit_empty_security_array_makes_an_operation_public()
    {
        var spec = await LoadAsync();

        spec.Find("POST", "/tags")!.IsPublic.Should().BeTrue();
        spec.Find("GET", "/api/gallery/{uuid}")!.IsPublic.Should().BeFalse("it inherits the document's security");
        spec.Find("DELETE", "/api/gallery/{uuid}")!.IsPublic.Should().BeFalse("it declares its own security");
    }

    [Fact]
    public async Task Parameters_include_path_level_and_referenced_ones_with_location_and_schema()
    {
        var spec = await LoadAsync();

        var parameters = spec.Find("GET", "/api/gallery/{uuid}")!.Parameters;

        parameters.Select(p => (p.Name, p.Location, p.Required)).Should().BeEquivalentTo(new[]
        {
            ("uuid", "path", true),
            ("full", "query", false),
            ("X-Trace-Id", "header", true),
        });
        parameters.Should().OnlyContain(p => p.Schema != null);
    }

    [Fact]
    public async Task Request_body_exposes_required_flag_and_schema_by_content_type()
    {
        var spec = await LoadAsync();

        var body = spec.Find("POST", "/tags")!.RequestBody!;

        body.Required.Should().BeFalse();
        body.Content.Should().ContainKey("application/json");
        body.Content["application/json"].Schema!.Definition.Properties.Should().ContainKey("namespace");
        spec.Find("GET", "/api/gallery/{uuid}")!.RequestBody.Should().BeNull();
    }

    [Fact]
    public async Task Request_body_referenced_from_components_is_resolved()
    {
        var spec = await LoadAsync();

        var body = spec.Find("PUT", "/tags")!.RequestBody!;

        body.Required.Should().BeTrue();
        var schema = body.Content["application/json"].Schema!;
        schema.Definition.Items!.Type.Should().Be(JsonSchemaType.String);
        schema.Pointer.Should().Be("/components/requestBodies/TagList/content/application~1json/schema", "a referenced body is validated where it is written");
    }

    [Fact]
    public async Task Responses_are_keyed_by_status_then_content_type_with_references_resolved()
    {
        var spec = await LoadAsync();

        var responses = spec.Find("GET", "/api/gallery/{uuid}")!.Responses;

        responses.Keys.Should().BeEquivalentTo("200", "404");
        var schema = responses["404"]["application/json"].Schema!;
        schema.Pointer.Should().Be("/components/responses/NotFound/content/application~1json/schema");
        schema.Definition.Properties.Should().ContainKey("error", "the reference to ErrorEnvelope resolves through the model");
    }

    [Fact]
    public async Task A_response_without_content_has_no_content_types()
    {
        var spec = await LoadAsync();

        spec.Find("DELETE", "/api/gallery/{uuid}")!.Responses["204"].Should().BeEmpty();
    }
}
