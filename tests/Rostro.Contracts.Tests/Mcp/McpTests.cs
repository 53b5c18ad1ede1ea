using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Mcp;

/// <summary>The MCP endpoint (ROSTRO_MCP_URL): the spec names it as a base URL only, so what is checked is that it speaks MCP's initialize handshake.</summary>
[Trait("Category", "ReadOnly")]
public sealed class McpTests(ContractTarget target) : ContractTest(target)
{
    [ContractFact]
    public async Task MCP_endpoint_answers_the_initialize_handshake()
    {
        if (Target.Settings.McpUrl is not { } url)
        {
            Target.Skip("ROSTRO_MCP_URL is not set, and the mock serves no MCP endpoint");
            return;
        }

        var user = Target.User();
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        user.Caller.Apply(request);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = "2025-06-18",
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "rostro-contracts", ["version"] = "1.0" },
            },
        };
        request.Content = new StringContent(initialize.ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await Target.Http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        var status = (int)response.StatusCode;
        Assert.True(status == 200, $"MCP initialize (POST {url}): [mcp-initialize] the handshake succeeds; observed: {status}, {Target.Redactor.Redact(body)}");
        // Streamable HTTP answers JSON or one SSE event carrying the JSON-RPC response.
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).FirstOrDefault()
            : body;
        JsonNode? result = null;
        try
        {
            result = json is null ? null : JsonNode.Parse(json)?["result"];
        }
        catch (System.Text.Json.JsonException)
        {
        }

        Assert.True(result is not null && Checks.Pointer.Text(result, "/protocolVersion") is { Length: > 0 } && Checks.Pointer.Text(result, "/serverInfo/name") is { Length: > 0 },
            $"MCP initialize (POST {url}): [mcp-initialize] the answer is a JSON-RPC result with protocolVersion and serverInfo.name; observed: {Target.Redactor.Redact(json ?? body)}");
    }
}
