using Rostro.Spec.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>Error answers share three envelopes, always by reference, so the mock and the client read one shape per status.</summary>
/// <remarks>Checked on the raw YAML: NSwag resolves references, which would hide an envelope copied inline.</remarks>
public class ErrorEnvelopeTests
{
    private const string Schemas = "#/components/schemas/";

    private static readonly Dictionary<string, string> s_envelopeByStatus = new(StringComparer.Ordinal)
    {
        ["400"] = "ErrorEnvelope",
        ["401"] = "ErrorEnvelope",
        ["403"] = "ErrorEnvelope",
        ["404"] = "ErrorEnvelope",
        ["413"] = "ErrorEnvelope",
        ["422"] = "ValidationErrorResponse",
        ["429"] = "ErrorEnvelope",
        ["500"] = "InternalErrorEnvelope",
        ["503"] = "ErrorEnvelope",
    };

    public static TheoryData<string> AllOperations() => EmbeddedSpec.OperationKeys();

    [Theory]
    [InlineData("ErrorEnvelope")]
    [InlineData("ValidationErrorResponse")]
    [InlineData("InternalErrorEnvelope")]
    public void Envelope_is_a_shared_component(string envelope)
    {
        var act = () => EmbeddedSpec.Spec.Schema(envelope);

        act.Should().NotThrow();
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Error_responses_use_the_shared_envelope_of_their_status(string operation)
    {
        var responses = Responses(operation);
        var problems = new List<string>();

        foreach (var (status, envelope) in s_envelopeByStatus)
        {
            if (!responses.Children.TryGetValue(new YamlScalarNode(status), out var response))
            {
                continue;
            }

            foreach (var (contentType, schemaRef) in SchemaRefs(response))
            {
                if (schemaRef != Schemas + envelope)
                {
                    problems.Add($"{status} {contentType}: expected $ref {Schemas}{envelope}, found {schemaRef ?? "an inline schema"}");
                }
            }
        }

        problems.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Error_responses_never_inline_a_schema(string operation)
    {
        var problems = Responses(operation).Children
            .Where(r => ((YamlScalarNode)r.Key).Value is [('4' or '5'), ..])
            .SelectMany(r => SchemaRefs(r.Value).Where(s => s.SchemaRef is null).Select(s => $"{r.Key} {s.ContentType}"))
            .ToList();

        problems.Should().BeEmpty("every error response's schema should be a $ref to a shared envelope");
    }

    private static YamlMappingNode Responses(string operation) =>
        (YamlMappingNode)EmbeddedSpec.OperationNode(EmbeddedSpec.Operation(operation))["responses"];

    // A response may itself be a $ref to components/responses; its media schemas must then be $refs too.
    private static IEnumerable<(string ContentType, string? SchemaRef)> SchemaRefs(YamlNode response)
    {
        var resolved = (YamlMappingNode)(RefOf(response) is { } reference ? EmbeddedSpec.Resolve(reference) : response);
        if (!resolved.Children.TryGetValue(new YamlScalarNode("content"), out var content))
        {
            yield break;
        }

        foreach (var (contentType, media) in ((YamlMappingNode)content).Children)
        {
            var schema = ((YamlMappingNode)media).Children.TryGetValue(new YamlScalarNode("schema"), out var s) ? s : null;
            yield return (((YamlScalarNode)contentType).Value!, schema is null ? null : RefOf(schema));
        }
    }

    private static string? RefOf(YamlNode node) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("$ref"), out var r)
            ? ((YamlScalarNode)r).Value
            : null;
}
