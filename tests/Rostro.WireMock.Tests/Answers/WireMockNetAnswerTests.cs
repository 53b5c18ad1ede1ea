using Rostro.WireMock.Tests.Infrastructure;

namespace Rostro.WireMock.Tests.Answers;

/// <summary>The sweeps against a WireMock.Net server; one subclass per way of loading the stubs.</summary>
public abstract class WireMockNetAnswerTests(WireMockNetStubServer server)
{
    protected WireMockNetStubServer Server { get; } = server;

    [Fact]
    public async Task Every_documented_status_of_every_operation_answers_its_examples_when_forced_with_Prefer()
    {
        var sweep = await StubSweeps.DocumentedStatusesAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be((await SweepCounts.FromSpecAsync()).DocumentedStatuses);
    }

    [Fact]
    public async Task Every_operation_answers_its_success_example_to_each_credential_header()
    {
        var sweep = await StubSweeps.SuccessAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be((await SweepCounts.FromSpecAsync()).Success);
    }

    [Fact]
    public async Task Every_secured_operation_without_credentials_answers_401_even_when_Prefer_asks_for_success()
    {
        var sweep = await StubSweeps.MissingCredentialsAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be((await SweepCounts.FromSpecAsync()).MissingCredentials);
    }

    [Fact]
    public async Task Every_named_success_example_answers_Prefer_example()
    {
        var sweep = await StubSweeps.NamedExamplesAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be((await SweepCounts.FromSpecAsync()).NamedExamples);
    }

    [Fact]
    public async Task Streamed_completions_answer_the_specs_events_then_DONE_and_unstreamed_ones_JSON()
    {
        var sweep = await StubSweeps.StreamsAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be((await SweepCounts.FromSpecAsync()).Streams);
    }

    [Fact]
    public async Task An_undocumented_Prefer_code_or_example_answers_400_with_the_mocks_code()
    {
        var sweep = await StubSweeps.UndocumentedPreferencesAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be((await SweepCounts.FromSpecAsync()).UndocumentedPreferences);
    }

    [Fact]
    public async Task Prefer_is_read_as_the_Rostro_mock_reads_it()
    {
        var sweep = await StubSweeps.PreferAsTheMockReadsItAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be(StubSweeps.PreferCases.Count);
    }

    [Fact]
    public async Task Every_path_is_answered_by_the_operation_the_mocks_router_picks()
    {
        var sweep = await StubSweeps.RoutesAsync(Server);
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().BeGreaterThan((await SweepCounts.FromSpecAsync()).Operations, "every operation's path and the paths two templates share");
    }
}

public sealed class InProcessAnswerTests(InProcessStubServerFixture fixture)
    : WireMockNetAnswerTests(fixture.Server), IClassFixture<InProcessStubServerFixture>;

public sealed class ExportedFilesAnswerTests(ExportedFilesStubServerFixture fixture)
    : WireMockNetAnswerTests(fixture.Server), IClassFixture<ExportedFilesStubServerFixture>
{
    [Fact]
    public void WireMock_Net_loads_every_exported_stub_from_its_static_mappings_folder()
    {
        // WireMock.Net logs and skips a file it cannot read, so only the count shows that every stub made it.
        Server.Server.MappingModels.Select(m => m.Guid).Should().BeEquivalentTo(RostroStubs.Embedded.Select(s => (Guid?)s.Id));
    }
}
