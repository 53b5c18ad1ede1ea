using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>What the run says it created and left: a refused creation made nothing, a status a mock forced ran nothing, and a creation whose removal cannot be built is reported only when the target made something.</summary>
public sealed class CleanupReportTests : IAsyncLifetime
{
    private MockServer.RostroMock _mock = null!;
    private BrokenApi _api = null!;
    private ContractTarget _target = null!;

    public async ValueTask InitializeAsync()
    {
        _mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0 } });
        _api = await BrokenApi.StartAsync(_mock.BaseAddress);
        _target = new ContractTarget(new ContractSettings { BaseUrl = _api.BaseAddress, ResultsDirectory = Path.Combine(Path.GetTempPath(), $"rc-{Guid.NewGuid():N}") });
        await _target.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _target.DisposeAsync();
        await _api.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task A_refused_creation_is_neither_counted_nor_reported()
    {
        // The removal names the word the request sent (x-rostro-undo); without one it cannot be built, and the mock refuses the request.
        var refused = await _target.User().PostAsync("/api/account/blacklist", new JsonObject(), cancellationToken: TestContext.Current.CancellationToken);

        refused.Status.Should().Be(422);
        _target.Cleanup.Tracked.Should().Be(0, "a 422 made nothing to remove");
        _target.Cleanup.Failures.Should().BeEmpty();
    }

    [Fact]
    public async Task A_creation_answered_though_its_removal_cannot_be_built_is_reported_as_left()
    {
        _api.Answers = a => a.Path == "/api/account/blacklist" && a.Status == 422 ? a with { Status = 200, Body = """{"success":true}""" } : a;

        var made = await _target.User().PostAsync("/api/account/blacklist", new JsonObject(), cancellationToken: TestContext.Current.CancellationToken);

        made.Status.Should().Be(200);
        _target.Cleanup.Failures.Should().ContainSingle().Which.Should().Contain("addBlacklistWord").And.Contain("$request.body#/word has no value in the request");
    }

    [Fact]
    public async Task A_status_a_mock_forced_creates_nothing_to_report()
    {
        var forced = await _target.User().PostAsync("/imagine", new JsonObject { ["prompt"] = "a lighthouse", ["generation_type"] = "text_to_image" }, r => r.Headers.TryAddWithoutValidation("Prefer", "code=500"), TestContext.Current.CancellationToken);

        forced.Status.Should().Be(500);
        _target.Cleanup.Failures.Should().BeEmpty("the mock answered from its examples without running the operation");
    }

    [Fact]
    public async Task A_server_error_of_a_creation_named_by_its_answer_is_reported_as_possibly_left()
    {
        _api.Answers = a => a.Path == "/imagine" && a.Status == 200 ? a with { Status = 500, Body = """{"error":"UNKNOWN","message":"boom","type":"UNKNOWN","code":"","errorCode":500,"param":null}""" } : a;

        var failed = await _target.User().PostAsync("/imagine", new JsonObject { ["prompt"] = "a lighthouse", ["generation_type"] = "text_to_image" }, cancellationToken: TestContext.Current.CancellationToken);

        failed.Status.Should().Be(500);
        _target.Cleanup.Failures.Should().ContainSingle().Which.Should().Contain("imagine").And.Contain("may have created something the run cannot name");
    }
}
