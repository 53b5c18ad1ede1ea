using Rostro.Spec.Routing;

namespace Rostro.Spec.Tests.Routing;

public sealed class RouteTableTests
{
    private static async Task<RouteTable> TableAsync() => new((await RostroSpec.LoadEmbeddedAsync()).Operations);

    [Fact]
    public async Task Literal_segment_wins_over_a_parameter()
    {
        var match = (await TableAsync()).Match("POST", "/chub/mythomax/v1/chat/completions");

        match.Operation!.OperationId.Should().Be("createChubChatCompletion");
        match.PathValues.Should().Equal(new Dictionary<string, string> { ["model"] = "mythomax" });
    }

    [Fact]
    public async Task Parameter_route_answers_when_the_literal_route_lacks_the_method()
    {
        var table = await TableAsync();

        table.Match("GET", "/config/v1/models").Operation!.OperationId.Should().Be("listModelsForModel");
        table.Match("DELETE", "/config/v1/models").Operation!.OperationId.Should().Be("deleteConfig");
    }

    [Fact]
    public async Task Path_without_a_template_is_not_found()
    {
        (await TableAsync()).Match("GET", "/api/nothing/here").Outcome.Should().Be(RouteOutcome.NotFound);
    }

    [Fact]
    public async Task Path_with_a_template_but_not_the_method_lists_the_allowed_methods()
    {
        var match = (await TableAsync()).Match("PUT", "/search");

        match.Outcome.Should().Be(RouteOutcome.MethodNotAllowed);
        match.Allow.Should().Equal("GET", "HEAD", "POST");
    }

    [Fact]
    public async Task Every_spec_operation_is_routable_from_its_own_template()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var table = new RouteTable(spec.Operations);

        foreach (var operation in spec.Operations)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(operation.PathTemplate, "{[^}]+}", "x1");
            table.Match(operation.Method, concrete).Outcome.Should().Be(RouteOutcome.Found, operation.Key);
        }
    }

    [Fact]
    public async Task Templates_at_a_path_come_in_the_order_the_table_tries_them_and_the_ranks_agree()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var table = new RouteTable(spec.Operations);
        var ranks = PathTemplates.Rank(spec.Operations.Select(o => o.PathTemplate));

        table.TemplatesAt("/config/v1/models").Should().Equal("/config/{config_id}/{sub_id}", "/{model}/v1/models");
        table.TemplatesAt("/api/gallery/upload").Should().Equal("/api/gallery/upload", "/api/gallery/{uuid}");
        table.TemplatesAt("/no/such/path/at/all").Should().BeEmpty();
        foreach (var operation in spec.Operations)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(operation.PathTemplate, "{[^}]+}", "x1");
            var templates = table.TemplatesAt(concrete);
            templates.Should().Contain(operation.PathTemplate);
            templates.Select(t => ranks[t]).Should().BeInAscendingOrder("{0}: the stubs' priorities follow the table's order", concrete);
        }
    }
}
