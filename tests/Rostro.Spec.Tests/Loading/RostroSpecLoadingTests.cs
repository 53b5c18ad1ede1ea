using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.Loading;

public class RostroSpecLoadingTests
{
    [Fact]
    public async Task Loading_yaml_keeps_the_raw_text_and_builds_the_document()
    {
        var yaml = TestSpecs.Text("Loading", "minimal.yaml");

        var spec = await RostroSpec.LoadAsync(yaml);

        spec.Yaml.Should().Be(yaml);
        spec.Document.Info.Title.Should().Be("Minimal");
        spec.Document.Paths.Should().ContainKey("/ping");
        JsonNode.Parse(spec.Json)!["info"]!["version"]!.GetValueKind().Should().Be(JsonValueKind.String);
        spec.Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task Component_schemas_are_found_by_name()
    {
        var spec = await TestSpecs.LoadAsync("Loading", "minimal.yaml");

        var schema = spec.Schema("Pong");

        schema.Definition.Properties.Should().ContainKey("ok");
        schema.Pointer.Should().Be("/components/schemas/Pong");
    }

    [Fact]
    public async Task Unknown_component_schema_throws_a_clear_error()
    {
        var spec = await TestSpecs.LoadAsync("Loading", "minimal.yaml");

        var act = () => spec.Schema("Nope");

        act.Should().Throw<KeyNotFoundException>().WithMessage("*#/components/schemas/Nope*");
    }

    [Fact]
    public async Task Plain_scalars_are_typed_and_quoted_scalars_stay_strings()
    {
        var spec = await TestSpecs.LoadAsync("Loading", "scalars.yaml");

        var example = spec.Find("GET", "/scalars")!.Responses["200"]["application/json"].Examples["default"]!.AsObject();

        example["count"]!.ToJsonString().Should().Be("5");
        example["negative"]!.GetValue<int>().Should().Be(-3);
        example["ratio"]!.GetValueKind().Should().Be(JsonValueKind.Number);
        example["ratio"]!.GetValue<double>().Should().Be(0.25);
        example["flag"]!.GetValueKind().Should().Be(JsonValueKind.True);
        example.Should().ContainKey("nothing").WhoseValue.Should().BeNull();
        example.Should().ContainKey("tilde").WhoseValue.Should().BeNull();
        example["quoted"]!.GetValue<string>().Should().Be("007");
        example["single"]!.GetValue<string>().Should().Be("true");
        example["text"]!.GetValue<string>().Should().Be("hello world");
        example["block"]!.GetValue<string>().Should().Be("line one\n");
    }

    [Fact]
    public async Task Malformed_yaml_is_reported_as_a_format_error()
    {
        var act = () => TestSpecs.LoadAsync("Loading", "not-yaml.yaml");

        await act.Should().ThrowAsync<FormatException>().WithMessage("*not an OpenAPI document*");
    }

    [Fact]
    public async Task Embedded_spec_is_loaded_once_and_shared()
    {
        var first = await RostroSpec.LoadEmbeddedAsync();
        var second = await RostroSpec.LoadEmbeddedAsync();

        second.Should().BeSameAs(first);
        first.Yaml.Should().StartWith("openapi:");
    }
}
