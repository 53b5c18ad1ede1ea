using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>The facts a contract suite relies on (<c>x-rostro-*</c>, CURATION.md "Facts a contract suite relies on") name only what the spec has.</summary>
public class OperationFactsTests
{
    public static TheoryData<string> AllOperations() => EmbeddedSpec.OperationKeys();

    public static TheoryData<string> Creations() => EmbeddedSpec.OperationKeys(o => o.Facts.Safety == SafetyClass.Creates);

    public static TheoryData<string> Owning() => EmbeddedSpec.OperationKeys(o => o.Facts.Owned.Count > 0);

    public static TheoryData<string> Listings() => EmbeddedSpec.OperationKeys(o => o.Facts.List is not null);

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Operation_states_what_sending_it_does_to_data(string operation)
    {
        EmbeddedSpec.Operation(operation).Facts.Safety.Should().NotBeNull("an operation without x-rostro-safety is never sent to a live target");
    }

    [Fact]
    public void Every_kind_of_fact_is_stated_somewhere()
    {
        var facts = EmbeddedSpec.Spec.Operations.Select(o => o.Facts).ToList();

        // Guards against a reader that reads nothing: each extension is used by the spec.
        facts.Select(f => f.Safety).Distinct().Should().HaveCount(4);
        facts.Count(f => f.SpendsCredits).Should().Be(7, "imagine and the six completions routes cost credits");
        facts.Count(f => f.Undo is not null).Should().Be(10);
        facts.Count(f => f.Owned.Count > 0).Should().Be(13);
        facts.Count(f => f.List is not null).Should().Be(12);
    }

    [Theory]
    [MemberData(nameof(Creations))]
    public void Creation_is_undone_by_a_removal_whose_every_value_has_a_source(string operation)
    {
        var creation = EmbeddedSpec.Operation(operation);
        var undo = creation.Facts.Undo!;
        var removal = EmbeddedSpec.Spec.Operations.SingleOrDefault(o => o.OperationId == undo.OperationId);

        removal.Should().NotBeNull("x-rostro-undo names an operation of the spec");
        removal!.Facts.Safety.Should().Be(SafetyClass.Removes);
        removal.Parameters.Where(p => p.Required).Select(p => p.Name).Should().BeSubsetOf(undo.Parameters.Keys, "every required parameter of the removal is given");
        undo.Parameters.Keys.Should().BeSubsetOf(removal.Parameters.Select(p => p.Name));
        (undo.RequestBody is not null).Should().Be(removal.RequestBody?.Required == true, "a removal that takes a body is given one");
        foreach (var expression in undo.Parameters.Values.Concat(Strings(undo.RequestBody)))
        {
            HasSource(creation, expression).Should().BeTrue("{0} names a value {1} has", expression, creation.OperationId);
        }
    }

    [Theory]
    [MemberData(nameof(Owning))]
    public void Owned_value_is_a_parameter_or_body_field_of_an_operation_that_documents_403(string operation)
    {
        var op = EmbeddedSpec.Operation(operation);

        op.Responses.Should().ContainKey("403");
        foreach (var owned in op.Facts.Owned)
        {
            Has(op, owned.In, owned.Name).Should().BeTrue("{0} {1} is a value of {2}", owned.In, owned.Name, op.OperationId);
        }
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public void Listing_rules_name_its_items_and_its_parameters(string operation)
    {
        var op = EmbeddedSpec.Operation(operation);
        var list = op.Facts.List!;
        var success = op.Responses["200"]["application/json"].Schema!.Definition;
        var items = Property(success, list.Items);

        items.Should().NotBeNull("{0} is a property of the answer", list.Items);
        items!.Type.Should().HaveFlag(JsonSchemaType.Array);
        if (list.Key is not null)
        {
            Property(items.Items!, list.Key).Should().NotBeNull("{0} is a property of an item", list.Key);
        }

        foreach (var filter in list.Filters)
        {
            Has(op, filter.In, filter.Name).Should().BeTrue();
            Property(items.Items!, filter.Item).Should().NotBeNull("{0} is a property of an item", filter.Item);
        }

        foreach (var value in new SpecValue?[] { list.Limit, list.Page }.OfType<SpecValue>())
        {
            Has(op, value.In, value.Name).Should().BeTrue("{0} {1} is a value of {2}", value.In, value.Name, op.OperationId);
        }

        if (list.Page?.Echo is { } echo)
        {
            Property(success, echo).Should().NotBeNull();
        }
    }

    [Theory]
    [InlineData("x-rostro-safety: harmless", "x-rostro-safety")]
    [InlineData("x-rostro-safety: creates", "x-rostro-undo is missing")]
    [InlineData("x-rostro-safety: read-only\n      x-rostro-owned: [{ kind: planet, in: path, name: id }]", "kind 'planet'")]
    [InlineData("x-rostro-safety: read-only\n      x-rostro-list: { items: nodes }", "not a JSON pointer")]
    [InlineData("x-rostro-mcp: { tool: Get-Ping }", "not ^[a-z]")]
    [InlineData("x-rostro-mcp: { tool: ping, left-out: because }", "both tool and left-out")]
    [InlineData("x-rostro-mcp: { tool: ping, hint: read }", "has 'hint'")]
    public async Task A_malformed_fact_makes_the_spec_unreadable_naming_where(string extension, string named)
    {
        var yaml = TestSpecs.Text("Loading", "minimal.yaml").Replace("operationId: ping", "operationId: ping\n      " + extension, StringComparison.Ordinal);

        var load = () => RostroSpec.LoadAsync(yaml);

        (await load.Should().ThrowAsync<FormatException>()).Which.Message.Should().Contain("/paths/~1ping/get").And.Contain(named);
    }

    private static bool HasSource(SpecOperation creation, string expression)
    {
        if (expression.StartsWith("$request.path.", StringComparison.Ordinal))
        {
            return creation.Parameters.Any(p => p.Location == "path" && p.Name == expression["$request.path.".Length..]);
        }

        if (expression.StartsWith("$request.body#/", StringComparison.Ordinal))
        {
            return Has(creation, "body", expression["$request.body#/".Length..]);
        }

        var success = creation.Responses["200"]["application/json"].Schema!.Definition;
        return Property(success, expression["$response.body#".Length..]) is not null;
    }

    // A body value: a property of the JSON body, or a multipart part (metadata/owner_id: a field of the JSON text the part carries).
    private static bool Has(SpecOperation operation, string place, string name)
    {
        if (place != "body")
        {
            return operation.Parameters.Any(p => p.Location == place && p.Name == name);
        }

        var content = operation.RequestBody?.Content;
        var schema = (content?.GetValueOrDefault("application/json") ?? content?.GetValueOrDefault("multipart/form-data"))?.Schema?.Definition;
        var first = name.Split('/')[0];
        return schema?.Properties?.ContainsKey(first) == true;
    }

    private static IOpenApiSchema? Property(IOpenApiSchema schema, string pointer)
    {
        IOpenApiSchema? at = schema;
        foreach (var segment in pointer.Trim('/').Split('/'))
        {
            at = at?.Properties is { } properties && properties.TryGetValue(segment, out var next) ? next : null;
        }

        return at;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
