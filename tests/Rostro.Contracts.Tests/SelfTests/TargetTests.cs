using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>Which kind of target the suite sees at a URL: a Rostro mock is recognised (and only then do mock-only checks run); anything else is live.</summary>
public sealed class TargetTests
{
    [Fact]
    public async Task A_mock_at_a_URL_is_recognised_as_a_mock()
    {
        await using var mock = await MockServer.MockServer.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0 } }, TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, ResultsDirectory = Temp() });

        await target.InitializeAsync();

        target.Kind.Should().Be(TargetKind.RemoteMock);
    }

    [Fact]
    public async Task A_server_that_does_not_describe_itself_as_the_mock_is_live()
    {
        await using var mock = await MockServer.MockServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var other = await BrokenApi.StartAsync(mock.BaseAddress);
        other.HideMockIdentity = true;
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = other.BaseAddress, Token = "a-live-token", ResultsDirectory = Temp() });

        await target.InitializeAsync();

        target.Kind.Should().Be(TargetKind.Live, "Prefer-forced statuses would prove nothing about a server that is not the mock");
    }

    [Fact]
    public async Task A_recognised_mock_is_treated_as_live_when_asked()
    {
        await using var mock = await MockServer.MockServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, Token = "a-rehearsal-token", AssumeLive = true, ResultsDirectory = Temp() });

        await target.InitializeAsync();

        target.Kind.Should().Be(TargetKind.Live);
    }

    [Fact]
    public async Task A_live_target_without_a_credential_stops_the_run_saying_which_variables_to_set()
    {
        await using var mock = await MockServer.MockServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, AssumeLive = true, ResultsDirectory = Temp() });

        var start = async () => await target.InitializeAsync();

        (await start.Should().ThrowAsync<ContractConfigurationException>()).Which.Message.Should().Contain("ROSTRO_TOKEN").And.Contain("ROSTRO_API_KEY");
    }

    private static string Temp() => Path.Combine(Path.GetTempPath(), $"rostro-contracts-target-{Guid.NewGuid():N}");
}
