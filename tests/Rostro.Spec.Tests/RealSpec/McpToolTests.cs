using System.Text;
using System.Text.Json.Nodes;
using Rostro.Spec.Mcp;
using Rostro.Spec.Tests.Infrastructure;

namespace Rostro.Spec.Tests.RealSpec;

/// <summary>The MCP tools derived from the spec (<c>x-rostro-mcp</c>, CURATION.md "The MCP server"): every operation decides, and each tool's schemas and request follow its operation.</summary>
public class McpToolTests
{
    public static TheoryData<string> AllOperations() => EmbeddedSpec.OperationKeys();

    [Theory]
    [MemberData(nameof(AllOperations))]
    public void Operation_is_a_tool_or_says_why_not(string operation)
    {
        var facts = EmbeddedSpec.Operation(operation).Facts;
        (facts.Tool is null).Should().NotBe(facts.ToolLeftOut is null, "x-rostro-mcp names a tool or a reason, one of the two");
    }

    [Fact]
    public void Tools_leave_out_completions_account_deletion_and_binary_uploads_and_keep_imagine()
    {
        var spec = EmbeddedSpec.Spec;
        spec.Tools.Should().HaveCount(53);
        spec.Tools.Select(t => t.Name).Should().OnlyHaveUniqueItems();
        spec.Tools.Select(t => t.Operation.OperationId).Should().NotContain(["deleteAccount", "createAsset", "createChatCompletion", "createCompletion", "searchPost"]);
        spec.Tools.Where(t => t.Operation.PathTemplate.Contains("/v1/", StringComparison.Ordinal) && t.Operation.Method == "POST").Should().BeEmpty("completions are left out");
        spec.Tool("imagine")!.Harmless.Should().BeFalse("it spends credits: a tool, but never called by the suite on a live endpoint");
    }

    [Fact]
    public void Hints_follow_the_safety_class()
    {
        var spec = EmbeddedSpec.Spec;
        spec.Tool("get_gallery")!.Should().BeEquivalentTo(new { ReadOnly = true, Destructive = false, Idempotent = true });
        spec.Tool("delete_lore_item")!.Should().BeEquivalentTo(new { ReadOnly = false, Destructive = true, Idempotent = true });
        spec.Tool("add_lore_item")!.Should().BeEquivalentTo(new { ReadOnly = false, Destructive = false, Idempotent = false });
        spec.Tool("change_username")!.Should().BeEquivalentTo(new { ReadOnly = false, Destructive = true, Idempotent = false });
    }

    [Fact]
    public void Input_schema_holds_the_parameters_with_their_bounds_and_no_reference()
    {
        var input = EmbeddedSpec.Spec.Tool("get_gallery")!.InputSchema;

        input["type"]!.GetValue<string>().Should().Be("object");
        input["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        input["properties"]!["limit"]!["maximum"]!.GetValue<int>().Should().Be(100);
        input["properties"]!["limit"]!["description"]!.GetValue<string>().Should().Be("Items per page.");
        EmbeddedSpec.Spec.Tools.Select(t => t.InputSchema.ToJsonString() + t.OutputSchema?.ToJsonString()).Should().NotContain(s => s.Contains("$ref", StringComparison.Ordinal) || s.Contains("\"example\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Properties_named_like_keywords_stay_properties()
    {
        var yaml = TestSpecs.Text("Loading", "minimal.yaml")
            .Replace("operationId: ping", "operationId: ping\n      x-rostro-mcp: { tool: ping }", StringComparison.Ordinal)
            .Replace("        ok:\n          type: boolean", "        ok:\n          type: boolean\n        example:\n          type: string\n        nullable:\n          type: string", StringComparison.Ordinal);

        var output = (await RostroSpec.LoadAsync(yaml)).Tool("ping")!.OutputSchema!;

        output["properties"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["ok", "example", "nullable"]);
        output["properties"]!["example"]!["type"]!.GetValue<string>().Should().Be("string");
    }

    [Fact]
    public void A_json_body_is_flattened_beside_the_path_values_and_a_multipart_file_is_text()
    {
        var metadata = EmbeddedSpec.Spec.Tool("update_project_metadata")!;
        metadata.Body.Should().Be(ToolBody.Flattened);
        metadata.Arguments.Select(a => (a.Name, a.In)).Should().Contain([("project_id", "path"), ("title", "body")]);

        var lore = EmbeddedSpec.Spec.Tool("add_lore_item")!;
        lore.Body.Should().Be(ToolBody.Multipart);
        lore.InputSchema["properties"]!["file"]!["type"]!.GetValue<string>().Should().Be("string");
        lore.InputSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("file");
    }

    [Fact]
    public void Arguments_become_the_operations_request()
    {
        var request = EmbeddedSpec.Spec.Tool("update_project_metadata")!.Request(new JsonObject { ["project_id"] = 172700, ["title"] = "A b" });

        request.Problems.Should().BeEmpty();
        request.Method.Should().Be("PUT");
        request.PathAndQuery.Should().Be("/api/project/172700/metadata");
        request.ContentType.Should().Be("application/json");
        JsonNode.Parse(request.Body!)!.ToJsonString().Should().Be("""{"title":"A b"}""");

        var lore = EmbeddedSpec.Spec.Tool("get_lore_items")!.Request(new JsonObject { ["owner_ids"] = new JsonArray(1, 2) });
        lore.PathAndQuery.Should().Be("/lore/items?owner_ids=1&owner_ids=2");

        var upload = EmbeddedSpec.Spec.Tool("add_lore_item")!.Request(new JsonObject { ["file"] = "text", ["metadata"] = "{}" });
        upload.ContentType.Should().StartWith("multipart/form-data; boundary=");
        Encoding.UTF8.GetString(upload.Body!).Should().Contain("filename=file.txt").And.Contain("text");
    }

    [Fact]
    public void Unknown_arguments_and_missing_path_values_are_problems_at_their_argument()
    {
        var tool = EmbeddedSpec.Spec.Tool("get_project_ratings")!;

        var request = tool.Request(new JsonObject { ["nope"] = 1 });

        request.Problems.Select(p => (string.Join('.', p.Loc), p.Type)).Should().BeEquivalentTo([("nope", "extra_forbidden"), ("project_id", "missing")]);
        tool.ArgumentLoc(["path", "project_id"]).Should().Equal("project_id");

        var gallery = EmbeddedSpec.Spec.Tool("get_gallery")!.Request(new JsonObject { ["bogus"] = true, ["limit"] = 0, ["page"] = "x" });
        gallery.Problems.Select(p => string.Join('.', p.Loc)).Should().BeEquivalentTo(["bogus", "limit", "page"], "a refused call names every argument at once");
        EmbeddedSpec.Spec.Tool("update_project_metadata")!.ArgumentLoc(["body", "title"]).Should().Equal("title");
    }
}
