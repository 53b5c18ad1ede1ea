using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>Which kind of target the suite sees at a URL: a Rostro mock is recognised (and only then do mock-only checks run); anything else is live.</summary>
public sealed class TargetTests
{
    [Fact]
    public async Task A_mock_at_a_URL_is_recognised_as_a_mock()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0 } }, TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, ResultsDirectory = Temp() });

        await target.InitializeAsync();

        target.Kind.Should().Be(TargetKind.RemoteMock);
    }

    [Fact]
    public async Task A_server_that_does_not_describe_itself_as_the_mock_is_live()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var other = await BrokenApi.StartAsync(mock.BaseAddress);
        other.HideMockIdentity = true;
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = other.BaseAddress, Token = "a-live-token", ResultsDirectory = Temp() });

        await target.InitializeAsync();

        target.Kind.Should().Be(TargetKind.Live, "Prefer-forced statuses would prove nothing about a server that is not the mock");
    }

    [Fact]
    public async Task A_recognised_mock_is_treated_as_live_when_asked()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, Token = "a-rehearsal-token", AssumeLive = true, ResultsDirectory = Temp() });

        await target.InitializeAsync();

        target.Kind.Should().Be(TargetKind.Live);
    }

    [Fact]
    public async Task A_live_target_without_a_credential_stops_the_run_saying_which_variables_to_set()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var target = new ContractTarget(new ContractSettings { BaseUrl = mock.BaseAddress, AssumeLive = true, ResultsDirectory = Temp() });

        var start = async () => await target.InitializeAsync();

        (await start.Should().ThrowAsync<ContractConfigurationException>()).Which.Message.Should().Contain("ROSTRO_TOKEN").And.Contain("ROSTRO_API_KEY");
    }

    [Fact]
    public async Task A_mock_whose_every_route_is_stubbed_is_still_recognised_as_a_mock()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var admin = new HttpClient { BaseAddress = mock.BaseAddress };
        // The README's "models outage", and a stub that answers every other route too (and says that it means to).
        using var stub = await admin.PostAsync("__admin/mappings", new StringContent(
            """{ "Request": { "Path": { "Matchers": [ { "Name": "WildcardMatcher", "Pattern": "/*" } ] } }, "Data": { "rostro": { "matchesEverything": true } }, "Response": { "StatusCode": 503, "BodyAsJson": { "detail": "outage" } } }""",
            System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        ((int)stub.StatusCode).Should().Be(201);

        var plan = await RunPlan.ForAsync(new ContractSettings { BaseUrl = mock.BaseAddress }, TestContext.Current.CancellationToken);

        plan.Kind.Should().Be(TargetKind.RemoteMock, "the mock declares itself on every answer, a stubbed one included");
        plan.Why.Should().Contain("X-Rostro-Mock");
    }

    [Fact]
    public async Task A_target_that_does_not_answer_stops_the_run_with_one_sentence_naming_the_variable()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/");

        var plan = await RunPlan.ForAsync(new ContractSettings { BaseUrl = closed, Token = "t", Timeout = TimeSpan.FromSeconds(5) }, TestContext.Current.CancellationToken);

        plan.CanStart.Should().BeFalse();
        plan.Problems.Should().ContainSingle().Which.Should().StartWith("ROSTRO_BASE_URL: ").And.Contain("did not answer").And.Contain(closed.ToString());
    }

    [Fact]
    public async Task A_refused_credential_stops_the_run_with_one_sentence_naming_the_variable()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        // The mock refuses any credential that starts with "invalid".
        var plan = await RunPlan.ForAsync(new ContractSettings { BaseUrl = mock.BaseAddress, AssumeLive = true, Token = "invalid-token" }, TestContext.Current.CancellationToken);

        plan.Problems.Should().ContainSingle().Which.Should().StartWith("ROSTRO_TOKEN is refused").And.Contain("401");
    }

    [Fact]
    public async Task The_plan_says_which_credentials_it_uses_without_their_values()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var plan = await RunPlan.ForAsync(new ContractSettings { BaseUrl = mock.BaseAddress, AssumeLive = true, Token = "first-secret-token", Token2 = "second-secret-token" }, TestContext.Current.CancellationToken);

        plan.Credentials.Should().Contain("ROSTRO_TOKEN").And.Contain("ROSTRO_TOKEN_2").And.NotContain("secret");
        plan.Notes.Should().ContainSingle().Which.Should().Contain("same username", "both tokens are the mock's fixture user You");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Temp() => Path.Combine(Path.GetTempPath(), $"rostro-contracts-target-{Guid.NewGuid():N}");
}
