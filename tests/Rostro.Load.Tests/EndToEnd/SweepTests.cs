using System.Diagnostics.Metrics;
using Rostro.Load.Tests.Infrastructure;
using Rostro.MockServer;
using Rostro.MockServer.Mimic;
using Rostro.MockServer.Settings;
using Rostro.Testing;
using static Rostro.Load.Tests.Infrastructure.Cli;

namespace Rostro.Load.Tests.EndToEnd;

/// <summary>
/// The sweep against the mock's load model with a known capacity: 8 sequences, 200 ms to the first token, 40 ms between
/// tokens, 10 tokens (load/scenarios/sweep.json asks for 10). A sequence is busy 200 + 9 × 40 = 560 ms, so the model can
/// serve 8 / 0.56 = 14.3 requests per second; above that the queue, and TTFT with it, grows for as long as the step lasts.
/// In the collection of the other runs against a mock, so the mock's meter hears only this test's mock.
/// </summary>
[Collection(LoadMockCollection.Name)]
public sealed class SweepTests(LoadMockFixture fixture)
{
    private const int Sequences = 8;
    private const int TtftMs = 200;
    private const int InterTokenMs = 40;
    private const int Tokens = 10;
    private const double Capacity = Sequences / ((TtftMs + ((Tokens - 1) * InterTokenMs)) / 1000.0);

    private static readonly string s_sweepJson = Path.Combine(AppContext.BaseDirectory, "Scenarios", "sweep.json");

    private static Task<RostroMock> StartMockAsync() => RostroMock.StartAsync(new MockServerOptions
    {
        Settings = new MockSettings { MaxSequences = Sequences, TtftMs = TtftMs, InterTokenMs = InterTokenMs },
    });

    // Fast streams at rate r for 1 s are exactly r requests, so "ok < 30" passes below 30/s and fails from it: a sweep whose
    // every verdict is known in advance, to check the engine's path through the levels.
    private static async Task<LoadScenario> CountingScenarioAsync() =>
        (await ScenarioFile.LoadAsync(WriteScenario(LoadMockFixture.Scenario("counting", headers: LoadMockFixture.Fast, thresholds: "[\"ok < 30\"]")))).Scenario;

    private LoadSweep Sweep(SweepPlan plan, Shard? shard = null, Action<SweepStep>? ended = null) =>
        new(new LoadRunnerOptions { Target = fixture.Target, Credential = "sweep", Shard = shard ?? Shard.Whole }, plan) { StepEnded = ended };

    [Fact]
    public async Task The_sweep_climbs_until_a_threshold_fails_then_bisects_towards_the_knee()
    {
        var report = await Sweep(new SweepPlan(4, 64)).RunAsync(await CountingScenarioAsync());

        var sweep = report.Sweep!;
        sweep.Steps.Select(s => s.Level).Should().Equal([4, 8, 16, 32, 24, 28, 30], "doubling until 32/s fails, then three bisections: 24 passes, 28 passes, 30 fails");
        sweep.Steps.Select(s => s.Scenario.Requests.Ok).Should().Equal([4, 8, 16, 32, 24, 28, 30]);
        sweep.Knee.Should().Be(28);
        sweep.LowestFailing.Should().Be(30);
        sweep.Outcome.Should().StartWith("knee 28/s").And.Contain("30/s did not (ok < 30: ok was 30)");
        report.Passed.Should().BeTrue();
        report.Interrupted.Should().BeFalse();
    }

    [Fact]
    public async Task A_sharded_sweep_runs_every_level_of_the_ladder_and_neither_stops_nor_bisects()
    {
        var report = await Sweep(new SweepPlan(8, 64), new Shard(1, 2)).RunAsync(await CountingScenarioAsync());

        report.Sweep!.Steps.Select(s => s.Level).Should().Equal([8, 16, 32, 64], "one shard cannot judge a level for the whole run");
        report.Sweep.Refinements.Should().Be(0);
        report.Sweep.Steps.Select(s => s.Scenario.Requests.Ok).Should().Equal([4, 8, 16, 32], "shard 1 of 2 sends every other arrival");
        report.Shard.Should().Be("1/2");
    }

    [Fact]
    public async Task A_sweep_stops_when_the_next_step_would_end_past_its_budget_and_says_so()
    {
        var report = await Sweep(new SweepPlan(4, 64) { Budget = TimeSpan.FromSeconds(2.5) }).RunAsync(await CountingScenarioAsync());

        report.Sweep!.Steps.Select(s => s.Level).Should().Equal([4, 8], "a third 1 s step would end after 2.5 s");
        report.Sweep.Knee.Should().Be(8);
        report.Sweep.Outcome.Should().Contain("stopped early: the time budget of 2.5s leaves no room for a step at 16");
        report.Interrupted.Should().BeFalse();
    }

    [Fact]
    public async Task Ctrl_C_between_steps_ends_the_sweep_as_interrupted_with_the_steps_that_ran()
    {
        using var cancel = new CancellationTokenSource();

        var report = await Sweep(new SweepPlan(4, 64), ended: _ => cancel.Cancel()).RunAsync(await CountingScenarioAsync(), cancel.Token);

        report.Interrupted.Should().BeTrue();
        report.Sweep!.Steps.Select(s => s.Level).Should().Equal([4]);
        report.Sweep.Outcome.Should().Contain("stopped early: Ctrl+C");
    }

    [Fact]
    public async Task The_sweep_finds_the_knee_the_load_model_predicts()
    {
        using var exclusive = await MachineExclusiveSection.EnterAsync();
        await using var mock = await StartMockAsync();
        var output = TempDirectory();

        var result = await RunAsync(["run", s_sweepJson, "--target", mock.Url, "--duration", "3s", "--sweep", "4..32", "--sweep-refine", "4", "--out", output, "--progress", "none"]);

        result.ExitCode.Should().Be(LoadCommandLine.Passed, result.Output + result.Error);
        var sweep = ReadReport(output).Sweep!;
        sweep.Knee.Should().BeInRange(Capacity * 0.9, Capacity * 1.1, $"the model serves {Capacity:0.##}/s; the steps were:\n{result.Output}");
        sweep.LowestFailing.Should().BeGreaterThan(sweep.Knee!.Value);
        sweep.Steps.Select(s => s.Level).Take(3).Should().Equal([4, 8, 16], "the ladder doubles from 4 until 16/s fails");
        sweep.Steps.Should().HaveCountGreaterThan(3, "then it bisects between 8 and 16");
        sweep.Steps.Where(s => s.Level <= sweep.Knee).Should().OnlyContain(s => s.Scenario.Passed && s.Scenario.Requests.Failed == 0);
        sweep.KneeGoodputPerS.Should().BeGreaterThan(0);
        result.Output.Should().Contain($"sweep: knee {SweepPlan.Format(sweep.Knee.Value)}/s");
        File.ReadAllText(Path.Combine(output, "report.html")).Should().Contain("TTFT against load").And.Contain("step at 16/s");
        File.ReadAllText(Path.Combine(output, "sweep.svg")).Should().StartWith("<svg").And.Contain("<style>").And.Contain("knee");
        File.ReadAllText(Path.Combine(output, "report.md")).Should().Contain("| 16 | ❌ |");
    }

    [Fact]
    public async Task Under_queueing_the_runners_TTFT_median_is_the_mocks_own()
    {
        using var exclusive = await MachineExclusiveSection.EnterAsync();
        await using var mock = await StartMockAsync();

        // The mock runs in this process: a second of fast streams first, so that neither the runner's nor the mock's
        // first requests (compiled on the way) sit in the figures compared, and the meter is listened to only after.
        var warm = (await ScenarioFile.LoadAsync(WriteScenario(LoadMockFixture.Scenario("warm", rate: 20, headers: LoadMockFixture.Fast)))).Scenario;
        (await new LoadRunner(new LoadRunnerOptions { Target = mock.BaseAddress, Credential = "queue" }).Start([warm]).Completion).Scenarios[0].Requests.Ok.Should().Be(20);
        var mockTtfts = new List<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MimicMeter.Name && instrument.Name == "rostro.mock.ttft")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (mockTtfts)
            {
                mockTtfts.Add(value);
            }
        });
        listener.Start();

        // 1.4 × the capacity, no warm-up: every request the mock served is one the runner measured.
        var file = await ScenarioFile.LoadAsync(s_sweepJson);
        var scenario = file.Scenario with { Load = new ConstantRate(Math.Round(Capacity * 1.4)), WarmUp = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(3) };
        var report = await new LoadRunner(new LoadRunnerOptions { Target = mock.BaseAddress, Credential = "queue" }).Start([scenario]).Completion;

        var runner = report.Scenarios.Single();
        runner.Requests.Failed.Should().Be(0);
        double[] mine;
        lock (mockTtfts)
        {
            mine = [.. mockTtfts.Order()];
        }

        mine.Should().HaveCount((int)runner.TtftMs.Count, "one TTFT per request on both sides");
        var mockMedian = mine[(mine.Length - 1) / 2];
        runner.TtftMs.P50.Should().BeGreaterThan(TtftMs + 100, "requests queued for a sequence");
        // Within 15 ms here, a test sharing two cores with other test processes (a busy core alone adds about 5 ms to every
        // request's trip through the client); the 5 ms is held by bench/load-sweep, on a quiet machine (+2.05 ms).
        runner.TtftMs.P50.Should().BeApproximately(mockMedian, 15, $"the mock's own median is {mockMedian:0.#} ms");
    }
}
