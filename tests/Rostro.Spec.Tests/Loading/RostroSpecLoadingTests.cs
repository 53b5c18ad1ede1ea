using Newtonsoft.Json.Linq;
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
        JObject.Parse(spec.Json)["info"]!["version"]!.Type.Should().Be(JTokenType.String);
    }

    [Fact]
    public async Task Component_schemas_are_found_by_name()
    {
        var spec = await TestSpecs.LoadAsync("Loading", "minimal.yaml");

        spec.Schema("Pong").Properties.Should().ContainKey("ok");
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

        var example = (JObject)spec.Find("GET", "/scalars")!.Responses["200"]["application/json"].Examples["default"]!;

        example["count"]!.Type.Should().Be(JTokenType.Integer);
        example["negative"]!.Value<int>().Should().Be(-3);
        example["ratio"]!.Type.Should().Be(JTokenType.Float);
        example["flag"]!.Type.Should().Be(JTokenType.Boolean);
        example["nothing"]!.Type.Should().Be(JTokenType.Null);
        example["tilde"]!.Type.Should().Be(JTokenType.Null);
        example["quoted"]!.Value<string>().Should().Be("007");
        example["single"]!.Value<string>().Should().Be("true");
        example["text"]!.Value<string>().Should().Be("hello world");
        example["block"]!.Value<string>().Should().Be("line one\n");
    }

    [Fact]
    public async Task Malformed_yaml_is_reported_as_a_format_error()
    {
        var act = () => TestSpecs.LoadAsync("Loading", "not-yaml.yaml");

        await act.Should().ThrowAsync<FormatException>().WithMessage("*not valid YAML*");
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
