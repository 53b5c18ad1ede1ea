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
public sealed class SweepTests
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
    public async Task Under_queueing_the_runners_TTFT_median_is_the_mocks_own_within_5_ms()
    {
        using var exclusive = await MachineExclusiveSection.EnterAsync();
        await using var mock = await StartMockAsync();
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
        runner.TtftMs.P50.Should().BeApproximately(mockMedian, 5, $"the mock's own median is {mockMedian:0.#} ms");
    }
}
