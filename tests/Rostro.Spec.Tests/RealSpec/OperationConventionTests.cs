using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>The conventions of DESIGN.md that every operation of the spec must follow.</summary>
public class OperationConventionTests
{
    public static TheoryData<string> AllOperations() => EmbeddedSpec.OperationKeys();

    public static TheoryData<string> SecuredOperations() => EmbeddedSpec.OperationKeys(o => !o.IsPublic);

    public static TheoryData<string> OperationsWithInput() =>
        EmbeddedSpec.OperationKeys(o => o.Parameters.Count > 0 || o.RequestBody is not null);

    public static TheoryData<string> OperationsWithBody() => EmbeddedSpec.OperationKeys(o => o.RequestBody is not null);

    public static TheoryData<string> OperationsWithoutBody() => EmbeddedSpec.OperationKeys(o => o.RequestBody is null);

    public static TheoryData<string> OperationsWithJsonBody() =>
        EmbeddedSpec.OperationKeys(o => o.RequestBody?.Content.Keys.Any(IsJson) == true);

    [Fact]
    public void OperationIds_are_unique()
    {
        var duplicates = EmbeddedSpec.Spec.Operations
            .Where(o => o.OperationId.Length > 0)
            .GroupBy(o => o.OperationId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Key))}");

        duplicates.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Operation_has_an_operationId_one_tag_a_summary_and_a_description(string operation)
    {
        var op = EmbeddedSpec.Operation(operation);

        op.OperationId.Should().NotBeNullOrWhiteSpace();
        op.Raw.Tags.Should().ContainSingle();
        op.Summary.Should().NotBeNullOrWhiteSpace();
        op.Raw.Description.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Operation_has_a_2xx_response_with_a_schema(string operation)
    {
        var op = EmbeddedSpec.Operation(operation);

        op.Responses
            .Where(r => r.Key.StartsWith('2'))
            .SelectMany(r => r.Value.Values)
            .Should().Contain(m => m.Schema != null, "a success answer must have a shape the tests can check");
    }

    [Theory]
    [MemberData(nameof(SecuredOperations))]
    public void Secured_operation_documents_401_and_403(string operation)
    {
        EmbeddedSpec.Operation(operation).Responses.Keys.Should().Contain(["401", "403"]);
    }

    [Theory]
    [MemberData(nameof(OperationsWithInput))]
    public void Operation_with_parameters_or_a_body_documents_422(string operation)
    {
        EmbeddedSpec.Operation(operation).Responses.Keys.Should().Contain("422");
    }

    [Theory]
    [MemberData(nameof(OperationsWithJsonBody))]
    public void Operation_with_a_json_body_documents_400(string operation)
    {
        EmbeddedSpec.Operation(operation).Responses.Keys.Should().Contain("400");
    }

    [Theory]
    [MemberData(nameof(OperationsWithBody))]
    public void Operation_with_a_body_documents_400_and_413(string operation)
    {
        EmbeddedSpec.Operation(operation).Responses.Keys.Should().Contain(["400", "413"], "a body can be malformed or too large (CURATION 26)");
    }

    [Theory]
    [MemberData(nameof(OperationsWithoutBody))]
    public void Operation_without_a_body_does_not_document_413(string operation)
    {
        EmbeddedSpec.Operation(operation).Responses.Keys.Should().NotContain("413", "a server that reads no body never refuses one for its size");
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Operation_documents_500(string operation)
    {
        EmbeddedSpec.Operation(operation).Responses.Keys.Should().Contain("500");
    }

    private static bool IsJson(string contentType) =>
        contentType.Split(';')[0].Trim() is var media &&
        (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
