using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Streaming;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;
using static Rostro.Contracts.Tests.SelfTests.SuiteChecks;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>A mock behind a broken server, and a contract target pointed at the broken server (recognised as a mock, so every check runs).</summary>
public sealed class BrokenApiFixture : IAsyncLifetime
{
    public MockServer.RostroMock Mock { get; private set; } = null!;

    public BrokenApi Api { get; private set; } = null!;

    public ContractTarget Target { get; private set; } = null!;

    public string Results { get; } = Path.Combine(Path.GetTempPath(), $"rostro-contracts-selftest-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync()
    {
        Mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0 } });
        Api = await BrokenApi.StartAsync(Mock.BaseAddress);
        Target = new ContractTarget(new ContractSettings { BaseUrl = Api.BaseAddress, ResultsDirectory = Results });
        await Target.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        await Api.DisposeAsync();
        await Mock.DisposeAsync();
        if (Directory.Exists(Results))
        {
            Directory.Delete(Results, recursive: true);
        }
    }
}

/// <summary>The suite catches breaks: each of its checks, run over real HTTP against a server broken in one way, fails naming the operation and the rule; against the same server intact it passes.</summary>
public sealed class SuiteCatchesBreaksTests(BrokenApiFixture broken) : IClassFixture<BrokenApiFixture>
{
    private sealed record Break(string Operation, string Rule, string? Detail, Func<BrokenAnswer, BrokenAnswer>? Answers, Action<HttpRequestMessage>? Requests, Func<ContractTarget, Task> Check);

    private static readonly Dictionary<string, Break> s_breaks = new(StringComparer.Ordinal)
    {
        ["a required field missing"] = new("getSelf", ContractRules.Schema, "/username",
            a => a.Path == "/api/self" && a.Status == 200 ? a with { Body = Edit(a.Body, o => o.Remove("username")) } : a, null,
            t => Documented(t, "getSelf")),
        ["a field of the wrong type"] = new("getAccount", ContractRules.Schema, "/credits",
            a => a.Path == "/api/account" && a.Status == 200 ? a with { Body = Edit(a.Body, o => o["credits"] = "five hundred") } : a, null,
            t => Documented(t, "getAccount")),
        ["a wrong status"] = new("getSelf", ContractRules.StatusDocumented, null,
            a => a.Path == "/api/self" && a.Status == 200 ? a with { Status = 201 } : a, null,
            t => Documented(t, "getSelf")),
        ["an error envelope missing a field"] = new("getAccount", ContractRules.Schema, "/code",
            a => a.Status == 401 ? a with { Body = Edit(a.Body, o => o.Remove("code")) } : a, null,
            t => WithoutCredentials(t, "getAccount")),
        ["a 422 detail that is not a list"] = new("rateProject", ContractRules.Schema, "/detail",
            a => a.Status == 422 ? a with { Body = Edit(a.Body, o => o["detail"] = o["detail"]![0]!.DeepClone()) } : a, null,
            t => Invalid(t, "rateProject", "body/rating:maximum")),
        ["a stream without [DONE]"] = new("createChatCompletion", StreamContract.Cut, null,
            a => a.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true ? a with { Body = a.Body.Replace("data: [DONE]", string.Empty, StringComparison.Ordinal) } : a, null,
            t => Streamed(t)),
        ["a JSON body served as another content type"] = new("getSelf", ContractRules.ContentTypeDocumented, null,
            a => a.Path == "/api/self" ? a with { ContentType = "text/plain; charset=utf-8" } : a, null,
            t => Documented(t, "getSelf")),
        ["credentials ignored"] = new("getAccount", ContractRules.ExpectedStatus, null,
            null, CredentialsIgnored,
            t => WithoutCredentials(t, "getAccount")),
        ["a 404 turned into a 200"] = new("getUserProfile", ContractRules.ExpectedStatus, null,
            a => a.Status == 404 ? a with { Status = 200 } : a, null,
            t => Unknown(t, "getUserProfile")),
        ["a server error where a success was due"] = new("getSelf", ContractRules.NotAServerError, null,
            a => a.Path == "/api/self" && a.Status == 200
                ? a with { Status = 500, Body = """{"error":"UNKNOWN","message":"boom","type":"UNKNOWN","code":"","errorCode":500,"param":null}""" }
                : a, null,
            t => Documented(t, "getSelf")),
        ["an errorCode that is not the status"] = new("getUserProfile", ContractRules.ErrorCodeIsStatus, "/errorCode",
            a => a.Status == 404 ? a with { Body = Edit(a.Body, o => o["errorCode"] = 400) } : a, null,
            t => Unknown(t, "getUserProfile")),
    };

    public static TheoryData<string> Breaks() => [.. s_breaks.Keys];

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task Broken_server_fails_the_check_naming_the_operation_and_the_rule(string breakage)
    {
        var scenario = s_breaks[breakage];
        broken.Api.Answers = scenario.Answers;
        broken.Api.Requests = scenario.Requests;
        try
        {
            var failure = await Assert.ThrowsAsync<ContractViolationException>(() => scenario.Check(broken.Target));

            failure.Message.Should().Contain(scenario.Operation).And.Contain($"[{scenario.Rule}]");
            failure.Failures.Should().Contain(f => f.Rule == scenario.Rule && (scenario.Detail == null || f.Pointer == scenario.Detail));
            File.Exists(failure.EvidencePath).Should().BeTrue("every failed check leaves its exchange as evidence");
        }
        finally
        {
            broken.Api.Answers = null;
            broken.Api.Requests = null;
        }
    }

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task Intact_server_passes_the_same_check(string breakage)
    {
        // The control: the failures above come from the breakage, not from the check or the proxy.
        await Ran.OrFail(() => s_breaks[breakage].Check(broken.Target));
    }
}
