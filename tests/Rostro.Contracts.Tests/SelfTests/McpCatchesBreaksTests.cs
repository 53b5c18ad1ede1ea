using Rostro.Contracts.Tests.Mcp;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>The MCP checks catch breaks: each, run over real HTTP against an MCP server broken in one way (the mock's <c>/mcp</c> behind a proxy that edits one answer), fails naming its rule; against the same server intact it passes.</summary>
public sealed class McpCatchesBreaksTests(BrokenApiFixture broken) : IClassFixture<BrokenApiFixture>
{
    private sealed record Break(string Rule, Func<BrokenAnswer, BrokenAnswer> Answers, Func<McpTests, Task> Check);

    // The username in a structuredContent: "structuredContent":{"id":1001,"username":"You" → ..."not-You".
    private static readonly System.Text.RegularExpressions.Regex s_username = new("(?<head>\"structuredContent\":\\{[^}]*?\"username\":\")", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, Break> s_breaks = new(StringComparer.Ordinal)
    {
        ["structuredContent that is not the operation's answer"] = new("mcp-equivalence",
            a => Mcp(a) ? a with { Body = s_username.Replace(a.Body, "${head}not-", 1) } : a,
            t => t.Read_only_tool_answers_what_its_operation_answers("get_self")),
        ["a destructive tool advertised as read-only"] = new("mcp-hints",
            a => Mcp(a) ? a with { Body = a.Body.Replace("\"readOnlyHint\":false", "\"readOnlyHint\":true", StringComparison.Ordinal) } : a,
            t => t.Every_tool_has_valid_schemas_and_the_hints_of_its_safety_class()),
        ["a refused call answered as a success"] = new("mcp-auth",
            a => Mcp(a) ? a with { Body = a.Body.Replace("\"isError\":true", "\"isError\":false", StringComparison.Ordinal) } : a,
            t => t.Without_a_credential_public_tools_answer_and_secured_ones_are_refused()),
        ["invalid arguments named nowhere"] = new("mcp-invalid-arguments",
            a => Mcp(a) ? a with { Body = a.Body.Replace("\"detail\":[", "\"hidden\":[", StringComparison.Ordinal) } : a,
            t => t.Invalid_arguments_are_an_error_naming_each_argument()),
        ["a tool of the spec missing from tools/list"] = new("mcp-tools",
            a => Mcp(a) ? a with { Body = a.Body.Replace("\"name\":\"get_self\"", "\"name\":\"get_self_renamed\"", StringComparison.Ordinal) } : a,
            t => t.Tools_list_pages_to_exactly_the_spec_tools()),
    };

    public static TheoryData<string> Breaks() => [.. s_breaks.Keys];

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task Broken_MCP_server_fails_the_check_naming_the_rule(string breakage)
    {
        var scenario = s_breaks[breakage];
        broken.Api.Answers = scenario.Answers;
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => Run(scenario));

            failure.Message.Should().Contain($"[{scenario.Rule}]");

            // What a failed check's evidence is written from: its last exchanges, the JSON-RPC ones too, whichever client sent them.
            broken.Target.Forget(TestContext.Current.Test!.UniqueID).Should().Contain(e => e.Url.AbsolutePath == "/mcp" && e.RequestBody!.Contains("\"jsonrpc\"", StringComparison.Ordinal));
        }
        finally
        {
            broken.Api.Answers = null;
        }
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task Intact_MCP_server_passes_the_same_check(string breakage)
    {
        // The control: the failures above come from the breakage, not from the check or the proxy.
        await Ran.OrFail(() => Run(s_breaks[breakage]));
    }

    private static bool Mcp(BrokenAnswer answer) => answer.Path == "/mcp";

    private async Task Run(Break scenario)
    {
        await using var test = new McpTests(broken.Target);
        await scenario.Check(test);
    }
}
