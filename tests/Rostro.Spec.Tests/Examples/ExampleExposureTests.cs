using System.Text.Json.Nodes;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.Examples;

public class ExampleExposureTests
{
    private static Task<RostroSpec> LoadAsync() => TestSpecs.LoadAsync("Examples", "examples.yaml");

    [Fact]
    public async Task A_single_response_example_is_exposed_as_default()
    {
        var spec = await LoadAsync();

        var examples = spec.Find("GET", "/projects/{project_id}")!.Responses["200"]["application/json"].Examples;

        examples.Keys.Should().Equal("default");
        JsonNode.DeepEquals(examples["default"], JsonNode.Parse("""{"id":42,"name":"Seraphina"}""")).Should().BeTrue();
    }

    [Fact]
    public async Task Named_response_examples_are_exposed_by_their_names()
    {
        var spec = await LoadAsync();

        var examples = spec.Find("POST", "/projects/{project_id}")!.Responses["200"]["application/json"].Examples;

        examples.Keys.Should().BeEquivalentTo("seed", "empty-name");
        examples["empty-name"]!["name"]!.GetValue<string>().Should().BeEmpty();
    }

    [Fact]
    public async Task Request_body_examples_resolve_component_references()
    {
        var spec = await LoadAsync();

        var examples = spec.Find("POST", "/projects/{project_id}")!.RequestBody!.Content["application/json"].Examples;

        examples.Keys.Should().BeEquivalentTo("rename", "shared");
        examples["shared"]!["name"]!.GetValue<string>().Should().Be("Shared");
    }

    [Fact]
    public async Task Parameter_examples_are_exposed_like_media_examples()
    {
        var spec = await LoadAsync();

        var parameters = spec.Find("GET", "/projects/{project_id}")!.Parameters;

        parameters.Single(p => p.Name == "project_id").Examples["default"]!.GetValue<int>().Should().Be(42);
        parameters.Single(p => p.Name == "sort").Examples.Keys.Should().BeEquivalentTo("newest", "oldest");
    }

    [Fact]
    public async Task Examples_of_the_sample_validate_against_their_own_schemas()
    {
        var spec = await LoadAsync();

        var op = spec.Find("POST", "/projects/{project_id}")!;
        var media = op.Responses["200"]["application/json"];

        media.Examples.Keys.Should().BeEquivalentTo(["seed", "empty-name"], "the loop below must check both");
        foreach (var (name, value) in media.Examples)
        {
            SchemaValidator.Validate(value, media.Schema!).Should().BeEmpty($"example '{name}' is valid");
        }
    }
}
