using Rostro.WireMock.Tests.Infrastructure;

namespace Rostro.WireMock.Tests.Answers;

/// <summary>The same sweeps against Java WireMock standalone, started with <c>--root-dir</c> on the exported files: WireMock itself loads them.</summary>
public sealed class JavaWireMockAnswerTests(JavaStubServerFixture fixture) : IClassFixture<JavaStubServerFixture>
{
    [JavaWireMockFact]
    public async Task Java_WireMock_loads_every_exported_stub_from_its_mappings_folder()
    {
        var server = await fixture.ServerAsync();
        var loaded = (await server.MappingsAsync()).Select(m => Guid.Parse(m!["id"]!.GetValue<string>()));
        loaded.Should().BeEquivalentTo(RostroStubs.Embedded.Select(s => s.Id));
    }

    [JavaWireMockFact]
    public Task Every_documented_status_of_every_operation_answers_its_examples_when_forced_with_Prefer() =>
        Check(StubSweeps.DocumentedStatusesAsync, c => c.DocumentedStatuses);

    [JavaWireMockFact]
    public Task Every_operation_answers_its_success_example_to_each_credential_header() =>
        Check(StubSweeps.SuccessAsync, c => c.Success);

    [JavaWireMockFact]
    public Task Every_secured_operation_without_credentials_answers_401_even_when_Prefer_asks_for_success() =>
        Check(StubSweeps.MissingCredentialsAsync, c => c.MissingCredentials);

    [JavaWireMockFact]
    public Task Every_named_success_example_answers_Prefer_example() =>
        Check(StubSweeps.NamedExamplesAsync, c => c.NamedExamples);

    [JavaWireMockFact]
    public Task Streamed_completions_answer_the_specs_events_then_DONE_and_unstreamed_ones_JSON() =>
        Check(StubSweeps.StreamsAsync, c => c.Streams);

    [JavaWireMockFact]
    public Task An_undocumented_Prefer_code_or_example_answers_400_with_the_mocks_code() =>
        Check(StubSweeps.UndocumentedPreferencesAsync, c => c.UndocumentedPreferences);

    [JavaWireMockFact]
    public async Task Prefer_is_read_as_the_Rostro_mock_reads_it()
    {
        var sweep = await StubSweeps.PreferAsTheMockReadsItAsync(await fixture.ServerAsync());
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be(StubSweeps.PreferCases.Count);
    }

    [JavaWireMockFact]
    public async Task Every_path_is_answered_by_the_operation_the_mocks_router_picks()
    {
        var sweep = await StubSweeps.RoutesAsync(await fixture.ServerAsync());
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().BeGreaterThan((await SweepCounts.FromSpecAsync()).Operations);
    }

    private async Task Check(Func<IStubServer, Task<StubSweeps.Sweep>> run, Func<SweepCounts, int> expected)
    {
        var sweep = await run(await fixture.ServerAsync());
        sweep.Failures.Should().BeEmpty();
        sweep.Checked.Should().Be(expected(await SweepCounts.FromSpecAsync()));
    }
}
