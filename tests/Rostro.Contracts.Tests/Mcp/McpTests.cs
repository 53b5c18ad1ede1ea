using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;
using Rostro.Spec.Mcp;

namespace Rostro.Contracts.Tests.Mcp;

/// <summary>The MCP endpoint (ROSTRO_MCP_URL, else the mock's <c>/mcp</c>): the protocol, the schemas of every tool the spec names, each read-only tool against the REST operation it wraps, refusals, and lifecycles through tools.</summary>
/// <remarks>The official C# SDK is the client where it can say the check; <see cref="McpSession"/> sends raw JSON-RPC where the exact answer matters (versions, cursors, error data).</remarks>
[Trait("Category", "ReadOnly")]
public sealed class McpTests(ContractTarget target) : ContractTest(target)
{
    private const string NoEndpoint = "ROSTRO_MCP_URL is not set: the live API's MCP endpoint is not known";
    private const string ChangesThroughTools = "a live MCP endpoint: tools that change data are never called there";

    public static IEnumerable<TheoryDataRow<string>> ReadOnlyTools() =>
        SpecCatalog.Instance.Spec.Tools.Where(t => t.Harmless).Select(t => new TheoryDataRow<string>(t.Name));

    [ContractFact]
    public async Task Initialize_negotiates_the_protocol_version_and_offers_tools()
    {
        await using var session = Session(Target.User());
        var reply = await session.InitializeAsync(cancellationToken: Cancellation);

        Assert.True(reply.Result is not null, $"{reply}: [mcp-initialize] the handshake answers a JSON-RPC result");
        Assert.True(Pointer.Text(reply.Result, "/protocolVersion") == McpSession.Version, $"{reply}: [mcp-version] a server that speaks the version the client asks for answers it");
        Assert.True(Pointer.Text(reply.Result, "/serverInfo/name") is { Length: > 0 }, $"{reply}: [mcp-initialize] serverInfo names the server");
        Assert.True(reply.Result!["capabilities"]?["tools"] is JsonObject, $"{reply}: [mcp-initialize] the server offers tools (capabilities.tools)");
    }

    [ContractFact]
    public async Task Initialize_with_an_unknown_version_answers_one_the_server_supports()
    {
        await using var session = Session(Target.User());
        var reply = await session.InitializeAsync("1999-01-01", Cancellation);

        // The lifecycle rule: a server that does not support the requested version answers another it supports (or an error).
        var answered = Pointer.Text(reply.Result, "/protocolVersion");
        Assert.True(reply.Error is not null || (answered is { Length: > 0 } && answered != "1999-01-01"), $"{reply}: [mcp-version] an unsupported version is answered with one the server supports, never echoed");
    }

    [ContractFact]
    public async Task Ping_answers_an_empty_result()
    {
        await using var session = Session(Target.User());
        await session.InitializeAsync(cancellationToken: Cancellation);
        var reply = await session.SendAsync("ping", null, Cancellation);

        Assert.True(reply.Result is { Count: 0 }, $"{reply}: [mcp-ping] ping answers an empty result");
    }

    [ContractFact]
    public async Task Tools_list_pages_to_exactly_the_spec_tools()
    {
        await using var session = Session(Target.User());
        (await session.InitializeAsync(cancellationToken: Cancellation)).Result.Should().NotBeNull();
        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var reply = await session.SendAsync("tools/list", cursor is null ? null : new JsonObject { ["cursor"] = cursor }, Cancellation);
            Assert.True(reply.Result?["tools"] is JsonArray, $"{reply}: [mcp-tools-list] tools/list answers a list of tools");
            names.AddRange(reply.Result!["tools"]!.AsArray().Select(t => Pointer.Text(t, "/name") ?? "(no name)"));
            cursor = Pointer.Text(reply.Result, "/nextCursor");
            Assert.True(++pages <= 100, $"{reply}: [mcp-tools-list] the pages end (100 pages followed)");
        }
        while (cursor is not null);

        var expected = Spec.Spec.Tools.Select(t => t.Name).ToList();
        Assert.True(names.Count == names.Distinct().Count(), $"tools/list: [mcp-tools-list] no tool is listed twice across {pages} pages; listed {string.Join(", ", names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))} more than once");
        Assert.True(expected.Except(names).ToList() is [], $"tools/list: [mcp-tools] every tool the spec names is offered; missing: {string.Join(", ", expected.Except(names))}");
        Assert.True(names.Except(expected).ToList() is [], $"tools/list: [mcp-tools] only the tools the spec names are offered; not in the spec: {string.Join(", ", names.Except(expected))}");
        if (Target.IsMock && !Target.McpIsLive)
        {
            Assert.True(pages > 1, $"tools/list: [mcp-tools-list] the mock pages its {names.Count} tools ({pages} page)");
        }
    }

    [ContractFact]
    public async Task Every_tool_has_valid_schemas_and_the_hints_of_its_safety_class()
    {
        await using var client = await SdkClientAsync(Target.User());
        var tools = await client.ListToolsAsync(cancellationToken: Cancellation);
        tools.Should().NotBeEmpty();
        foreach (var tool in tools)
        {
            var described = tool.ProtocolTool;
            var input = JsonNode.Parse(described.InputSchema.GetRawText());
            Assert.True(Pointer.Text(input, "/type") == "object", $"{tool.Name}: [mcp-input-schema] the inputSchema describes an object; observed {input?.ToJsonString()}");
            AssertValidSchema(tool.Name, "inputSchema", input);
            if (described.OutputSchema is { } output)
            {
                AssertValidSchema(tool.Name, "outputSchema", JsonNode.Parse(output.GetRawText()));
            }

            if (Spec.Tool(tool.Name) is { } spec)
            {
                var hints = described.Annotations;
                Assert.True(hints?.ReadOnlyHint == spec.ReadOnly, $"{tool.Name}: [mcp-hints] readOnlyHint is {spec.ReadOnly.ToString().ToLowerInvariant()}, as the spec's safety class {spec.Operation.Facts.Safety} says; observed {hints?.ReadOnlyHint}");
                Assert.True(hints?.DestructiveHint == spec.Destructive, $"{tool.Name}: [mcp-hints] destructiveHint is {spec.Destructive.ToString().ToLowerInvariant()} ({spec.Operation.Facts.Safety}); observed {hints?.DestructiveHint}");
            }
        }
    }

    [ContractFact]
    public async Task Unknown_tool_is_an_invalid_params_error()
    {
        await using var session = Session(Target.User());
        await session.InitializeAsync(cancellationToken: Cancellation);
        var reply = await session.CallAsync($"{Caller.RunPrefix}no_such_tool", [], Cancellation);

        Assert.True(Pointer.At(reply.Error, "/code")?.GetValue<int>() == (int)McpErrorCode.InvalidParams, $"{reply}: [mcp-unknown-tool] an unknown tool is a JSON-RPC error -32602");
    }

    [ContractFact]
    public async Task Invalid_arguments_are_an_error_naming_each_argument()
    {
        await using var session = Session(Target.User());
        await session.InitializeAsync(cancellationToken: Cancellation);

        var outOfRange = await session.CallAsync("get_gallery", new JsonObject { ["limit"] = 0 }, Cancellation);
        AssertInvalid(outOfRange, ["limit"]);
        var unknown = await session.CallAsync("get_gallery", new JsonObject { ["rostro_contracts_unknown"] = 1 }, Cancellation);
        AssertInvalid(unknown, ["rostro_contracts_unknown"]);
    }

    [ContractFact]
    public async Task Bad_credential_is_refused()
    {
        await using var session = Session(Caller.Invalid(CredentialScheme.Bearer));
        var reply = await session.InitializeAsync(cancellationToken: Cancellation);
        if (reply.Result is null)
        {
            Assert.True(reply.HttpStatus is 401 or 403, $"{reply}: [mcp-auth] a credential the API refuses is refused at the MCP endpoint (401)");
            return;
        }

        // A server that lets anyone initialize refuses the credential where it matters: a tool that needs one.
        var account = await session.CallAsync("get_account", [], Cancellation);
        Assert.True(account.IsToolError && account.EnvelopeStatus == 401, $"{account}: [mcp-auth] a tool called with a bad credential answers isError with the API's 401");
    }

    [ContractFact]
    public async Task Without_a_credential_public_tools_answer_and_secured_ones_are_refused()
    {
        await using var session = Session(Caller.Anonymous);
        var initialize = await session.InitializeAsync(cancellationToken: Cancellation);
        Assert.True(initialize.Result is not null, $"{initialize}: [mcp-anonymous] a caller without a credential may initialize (public tools answer)");

        var tags = await session.CallAsync("get_tags", [], Cancellation);
        Assert.True(tags.Result is not null && !tags.IsToolError, $"{tags}: [mcp-anonymous] a public tool (getTags) answers without a credential");
        var account = await session.CallAsync("get_account", [], Cancellation);
        Assert.True(account.IsToolError && account.EnvelopeStatus == 401, $"{account}: [mcp-auth] a tool that needs a credential answers isError carrying the API's 401 envelope");
    }

    [ContractTheory]
    [MemberData(nameof(ReadOnlyTools))]
    public async Task Read_only_tool_answers_what_its_operation_answers(string toolName)
    {
        var tool = Spec.Tool(toolName)!;
        var user = Target.User();
        var plan = await OperationRequests.ValidAsync(Target, user, tool.Operation);
        var arguments = Arguments(tool, plan);

        await using var client = await SdkClientAsync(user);
        var result = await client.CallToolAsync(tool.Name, arguments.ToDictionary(p => p.Key, p => (object?)p.Value), cancellationToken: Cancellation);
        var rest = await plan.SendAsync(user, cancellationToken: Cancellation);
        var text = string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(t => t.Text));
        var where = $"{tool.Name} {JsonSerializer.Serialize(arguments)} (REST: {tool.Operation.Method} {plan.PathAndQuery} → {rest.Status})";

        Assert.True((result.IsError != true) == rest.Status is >= 200 and < 300, $"{where}: [mcp-equivalence] the tool succeeds exactly when its operation does; isError {result.IsError}, {Target.Redactor.Redact(text)}");
        var onMock = Target.IsMock && !Target.McpIsLive;
        if (result.IsError == true)
        {
            // A live account may lack what a look-up names (both answer 404, say); the mock answers a valid request.
            Assert.False(onMock, $"{where}: [mcp-equivalence] a valid request succeeds on the mock; the tool answered {Target.Redactor.Redact(text)}");
            return;
        }

        if (tool.OutputSchema is not null)
        {
            Assert.True(result.StructuredContent is not null, $"{where}: [mcp-output] a tool with an outputSchema answers structuredContent");
            var schema = JsonSchema.FromText(tool.OutputSchema.ToJsonString());
            var evaluation = schema.Evaluate(JsonNode.Parse(result.StructuredContent!.Value.GetRawText()), new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(evaluation.IsValid, $"{where}: [mcp-output] structuredContent is valid against the tool's outputSchema: {string.Join("; ", evaluation.Details.Where(d => d.HasErrors).Take(3).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"))}");
        }

        // The mock answers the same state the same way; a live API's data may move between two calls, so there the shapes suffice.
        if (onMock && rest.Json is { } restBody)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), restBody), $"{where}: [mcp-equivalence] the tool answers the body its operation answers for the same credential; tool {Target.Redactor.Redact(text)}; REST {Target.Redactor.Redact(rest.Body)}");
            if (result.StructuredContent is { } structured)
            {
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(structured.GetRawText()), restBody), $"{where}: [mcp-equivalence] structuredContent is the body its operation answers; tool {Target.Redactor.Redact(structured.GetRawText())}; REST {Target.Redactor.Redact(rest.Body)}");
            }
        }
    }

    [ContractFact(MockOnly = "a lore item created and removed through tools (a live MCP endpoint gets only read-only tools)")]
    public async Task Lore_item_added_by_a_tool_is_listed_by_REST_and_removed_by_a_tool()
    {
        RequireChangesThroughTools();
        var user = Target.User();
        var owner = await OwnProjectAsync(user);
        await using var session = Session(user);
        await session.InitializeAsync(cancellationToken: Cancellation);

        var added = await session.CallAsync("add_lore_item", new JsonObject
        {
            ["file"] = $"{Caller.MadeUpName()}: the dragon sleeps under the hill.",
            ["metadata"] = new JsonObject { ["owner_id"] = owner }.ToJsonString(),
        }, Cancellation);
        var uuid = Pointer.Text(added.Result, "/structuredContent/uuid");

        // Tracked before anything is asserted, so what was made is removed however the check ends.
        var removal = uuid is null ? null : Cleanup.Track($"lore item {uuid}", user, HttpMethod.Delete, $"/lore/{owner}/item/{uuid}");
        Assert.True(!added.IsToolError && removal is not null, $"{added}: [mcp-lifecycle] add_lore_item answers the new item's uuid");

        var listed = await Succeeded(user.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Cancellation));
        Assert.True(Listed(listed, uuid!), $"GET /lore/items?owner_ids={owner}: [mcp-same-world] lists the item a tool added ({uuid}); observed {Target.Redactor.Redact(listed.Body)}");

        var deleted = await session.CallAsync("delete_lore_item", new JsonObject { ["owner_id"] = owner, ["uuid"] = uuid }, Cancellation);
        Assert.True(deleted.Result is not null && !deleted.IsToolError, $"{deleted}: [mcp-lifecycle] delete_lore_item removes it");
        Cleanup.RemovedElsewhere(removal!);
        var after = await Succeeded(user.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Cancellation));
        Assert.False(Listed(after, uuid!), $"GET /lore/items?owner_ids={owner}: [mcp-same-world] no longer lists the item a tool removed ({uuid})");
    }

    [ContractFact(MockOnly = "a rename through REST read back through a tool (a live MCP endpoint gets only read-only tools)")]
    public async Task Rename_through_REST_shows_in_the_account_tool()
    {
        RequireChangesThroughTools();

        // A caller of its own (its own world), so no other check sees its name change.
        var caller = new Caller("mcp-rename", CredentialScheme.Bearer, Caller.MadeUpName());
        var user = Target.Client(caller);
        var name = $"mcp{Guid.NewGuid():N}"[..16];
        await Succeeded(user.PostAsync("/api/self/username", new JsonObject { ["new_username"] = name }, cancellationToken: Cancellation));

        await using var session = Session(caller);
        await session.InitializeAsync(cancellationToken: Cancellation);
        var account = await session.CallAsync("get_self", [], Cancellation);
        Assert.True(Pointer.Text(account.Result, "/structuredContent/username") == name, $"{account}: [mcp-same-world] the account a tool reads is the one REST renamed ({name})");
    }

    [ContractFact(MockOnly = "another user's lore through a tool (the owner is the mock's fixture 172701)")]
    public async Task Another_users_lore_through_a_tool_is_refused()
    {
        RequireOwnGate();
        if (Target.McpIsLive)
        {
            Target.Skip("another user's lore owner is the mock's fixture 172701, which a named MCP endpoint does not have");
        }

        await using var session = Session(Target.User());
        await session.InitializeAsync(cancellationToken: Cancellation);
        var reply = await session.CallAsync("get_lore_items", new JsonObject { ["owner_ids"] = new JsonArray(172701) }, Cancellation);

        Assert.True(reply.IsToolError && reply.EnvelopeStatus == 403, $"{reply}: [mcp-owned] another user's lore through a tool answers isError carrying the API's 403, as REST does");
    }

    private McpSession Session(ContractClient client) => Session(client.Caller);

    private McpSession Session(Caller caller)
    {
        RequireEndpoint();
        return new McpSession(Target, caller);
    }

    private async Task<McpClient> SdkClientAsync(ContractClient user)
    {
        RequireEndpoint();
        using var probe = new HttpRequestMessage();
        user.Caller.Apply(probe);
        var headers = probe.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = Target.McpUrl!, TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = headers, Name = "rostro-contracts" },
            Target.Http,
            loggerFactory: null,
            ownsHttpClient: false);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new() { Name = "rostro-contracts", Version = "1.0" } }, cancellationToken: Cancellation);
    }

    private void RequireEndpoint()
    {
        if (Target.McpUrl is null)
        {
            Target.Skip(NoEndpoint);
        }
    }

    private void RequireChangesThroughTools([System.Runtime.CompilerServices.CallerMemberName] string check = "")
    {
        RequireOwnGate(check);
        if (Target.McpIsLive)
        {
            Target.Skip(ChangesThroughTools);
        }
    }

    // A valid REST request as the tool's arguments: each value typed as the tool's inputSchema types it.
    private static Dictionary<string, JsonNode?> Arguments(SpecTool tool, RequestPlan plan)
    {
        var arguments = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        JsonNode? Typed(string name, string value) => Pointer.Text(tool.InputSchema, $"/properties/{name}/type") switch
        {
            "integer" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            "boolean" when bool.TryParse(value, out var b) => b,
            _ => value,
        };

        foreach (var (name, value) in plan.PathValues)
        {
            arguments[name] = Typed(name, value);
        }

        foreach (var group in plan.Query.GroupBy(q => q.Key))
        {
            arguments[group.Key] = Pointer.Text(tool.InputSchema, $"/properties/{group.Key}/type") == "array"
                ? new JsonArray([.. group.Select(q => (JsonNode?)(long.TryParse(q.Value, out var n) ? JsonValue.Create(n) : JsonValue.Create(q.Value)))])
                : Typed(group.Key, group.Last().Value);
        }

        switch (tool.Body)
        {
            case ToolBody.Flattened when plan.Body is JsonObject body:
                foreach (var (name, value) in body)
                {
                    arguments[name] = value?.DeepClone();
                }

                break;
            case ToolBody.Whole when plan.Body is not null:
                arguments["body"] = plan.Body.DeepClone();
                break;
            case ToolBody.Multipart when plan.MultipartParts is { } parts:
                foreach (var (name, value) in parts)
                {
                    arguments[name] = value;
                }

                break;
        }

        return arguments;
    }

    private static void AssertInvalid(McpReply reply, string[] loc)
    {
        Assert.True(Pointer.At(reply.Error, "/code")?.GetValue<int>() == (int)McpErrorCode.InvalidParams, $"{reply}: [mcp-invalid-arguments] invalid arguments are a JSON-RPC error -32602");
        var detail = Pointer.At(reply.Error, "/data/detail") as JsonArray;
        Assert.True(detail?.Any(d => JsonNode.DeepEquals(d?["loc"], new JsonArray([.. loc.Select(l => (JsonNode?)JsonValue.Create(l))]))) == true,
            $"{reply}: [mcp-invalid-arguments] the error's data.detail names the argument [{string.Join(", ", loc)}], as a 422's loc does");
    }

    private static void AssertValidSchema(string tool, string which, JsonNode? schema)
    {
        var evaluation = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, $"{tool}: [mcp-schemas] its {which} is a valid JSON Schema (2020-12): {string.Join("; ", evaluation.Details.Where(d => d.HasErrors).Take(3).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"))}");
        var compiles = true;
        try
        {
            JsonSchema.FromText(schema!.ToJsonString());
        }
        catch (JsonException)
        {
            compiles = false;
        }

        Assert.True(compiles, $"{tool}: [mcp-schemas] its {which} compiles as a JSON Schema");
    }

    private static bool Listed(Exchange listing, string uuid) =>
        Pointer.At(listing.Json, "/items") is JsonArray items && items.Any(i => Pointer.Text(i, "/uuid") == uuid);
}
