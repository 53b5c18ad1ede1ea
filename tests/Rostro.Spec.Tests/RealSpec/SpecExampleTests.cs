using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Spec.Schemas;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>Every example in the spec is valid against the schema it illustrates: the mock serves them as real answers.</summary>
public class SpecExampleTests
{
    private sealed record ExampleCase(JsonNode? Value, SpecSchema Schema, string ContentType);

    private static readonly Lazy<Dictionary<string, ExampleCase>> s_cases = new(Collect);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in s_cases.Value.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Spec_has_examples_to_check()
    {
        s_cases.Value.Should().NotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Example_validates_against_its_own_schema(string example)
    {
        var @case = s_cases.Value[example];

        var violations = Instances(@case).SelectMany(i => SchemaValidator.Validate(i, @case.Schema)).ToList();

        violations.Should().BeEmpty("the example '{0}' should satisfy its schema", example);
    }

    // An event-stream example written as SSE text is checked event by event; one written as an object is one event.
    private static IEnumerable<JsonNode?> Instances(ExampleCase @case)
    {
        var value = @case.Value;
        if (!@case.ContentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) || value?.GetValueKind() != JsonValueKind.String)
        {
            return [value];
        }

        return value.GetValue<string>()
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("data:", StringComparison.Ordinal))
            .Select(l => l["data:".Length..].Trim())
            .Where(d => d != "[DONE]")
            .Select(d => JsonNode.Parse(d));
    }

    private static Dictionary<string, ExampleCase> Collect()
    {
        var cases = new Dictionary<string, ExampleCase>(StringComparer.Ordinal);
        foreach (var op in EmbeddedSpec.Spec.Operations)
        {
            foreach (var parameter in op.Parameters.Where(p => p.Schema is not null))
            {
                foreach (var (name, value) in parameter.Examples)
                {
                    cases[$"{op.Key} parameter {parameter.Location} '{parameter.Name}' example '{name}'"] = new(value, parameter.Schema!, "text/plain");
                }
            }

            foreach (var (contentType, media) in op.RequestBody?.Content ?? new Dictionary<string, SpecMediaType>())
            {
                Add(cases, $"{op.Key} request {contentType}", contentType, media);
            }

            foreach (var (status, content) in op.Responses)
            {
                foreach (var (contentType, media) in content)
                {
                    Add(cases, $"{op.Key} {status} {contentType}", contentType, media);
                }
            }
        }

        return cases;
    }

    private static void Add(Dictionary<string, ExampleCase> cases, string prefix, string contentType, SpecMediaType media)
    {
        if (media.Schema is null)
        {
            return;
        }

        foreach (var (name, value) in media.Examples)
        {
            cases[$"{prefix} example '{name}'"] = new(value, media.Schema, contentType);
        }
    }
}
