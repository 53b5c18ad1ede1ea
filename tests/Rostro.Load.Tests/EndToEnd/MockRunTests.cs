using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Rostro.Load.Tests.Infrastructure;
using Rostro.Spec;
using Rostro.Testing;
using static Rostro.Load.Tests.Infrastructure.Cli;

namespace Rostro.Load.Tests.EndToEnd;

/// <summary>The runner against an in-process mock on a real loopback port. Tolerances are generous: these are tests on two shared cores; the accuracy bench is bench/load-runner.</summary>
[Collection(LoadMockCollection.Name)]
public sealed class MockRunTests(LoadMockFixture fixture)
{
    private static async Task<LoadScenario> ScenarioAsync(string json) =>
        ScenarioFile.Parse(json, "test.json", AppContext.BaseDirectory, await RostroSpec.LoadEmbeddedAsync()).Scenario;

    [Fact]
    public async Task Smoke_json_measures_what_the_mock_was_told()
    {
        // Timing: no other test process compiles on the two cores meanwhile.
        using var exclusive = await MachineExclusiveSection.EnterAsync();
        var output = TempDirectory();

        var result = await RunAsync(["run", SmokeJson, "--target", fixture.Mock.Url, "--duration", "3s", "--out", output, "--progress", "plain"]);

        result.ExitCode.Should().Be(0, result.Output + result.Error);
        result.Output.Should().Contain("smoke measuring").And.Contain("reports: ");
        var s = ReadReport(output).Scenarios.Single();
        s.Requests.Failed.Should().Be(0);
        s.Requests.Ok.Should().BeInRange(12, 18, "5/s for 3 s");
        s.Requests.WarmUp.Should().Be(5);
        s.Requests.OutputTokens.Should().Be(s.Requests.Ok * LoadMockFixture.OutputTokens, "the mock sends exactly 20 tokens and says so in usage");

        // Told: TTFT 100 ms, 10 ms between tokens, 20 tokens → E2E 100 + 19 × 10 = 290 ms, TPOT 10 ms.
        s.TtftMs.P50.Should().BeInRange(98, 130);
        s.ItlMs.P50.Should().BeInRange(9, 12);
        s.ItlMs.Count.Should().Be(s.Requests.Ok * (LoadMockFixture.OutputTokens - 1));
        s.TpotMs.P50.Should().BeInRange(9.5, 12);
        s.E2eMs.P50.Should().BeInRange(285, 340);
        s.Thresholds.Should().OnlyContain(t => t.Passed);
        File.Exists(Path.Combine(output, "report.md")).Should().BeTrue();
        File.Exists(Path.Combine(output, "report.html")).Should().BeTrue();
    }

    [Fact]
    public async Task Each_fault_is_counted_under_its_own_kind()
    {
        const string Stream = "\"X-Mock-Ttft-Ms\": \"0\", \"X-Mock-Inter-Token-Ms\": \"5\", \"X-Mock-Output-Tokens\": \"20\"";
        var scenarios = new[]
        {
            await ScenarioAsync(LoadMockFixture.Scenario("cut", headers: $$"""{ {{Stream}}, "X-Mock-Drop-After-Events": "5" }""")),
            await ScenarioAsync(LoadMockFixture.Scenario("malformed", headers: $$"""{ {{Stream}}, "X-Mock-Malformed-After-Events": "3" }""")),
            await ScenarioAsync(LoadMockFixture.Scenario("unavailable", headers: $$"""{ {{Stream}}, "X-Mock-Error-Rate-Percent": "100", "X-Mock-Error-Status": "503" }""")),
            await ScenarioAsync(LoadMockFixture.Scenario("stalled", headers: $$"""{ {{Stream}}, "X-Mock-Stall-After-Events": "3" }""", extra: "\"request_timeout\": \"400ms\",")),
        };

        var report = await new LoadRunner(new LoadRunnerOptions { Target = fixture.Target, Credential = "faults" }).Start(scenarios).Completion;

        void OnlyFailures(string name, string kind)
        {
            var s = report.Scenarios.Single(x => x.Name == name);
            s.Requests.Ok.Should().Be(0, name);
            s.Requests.Failed.Should().Be(10, name);
            s.Requests.FailedByKind[kind].Should().Be(10, name);
            s.ErrorRate.Should().Be(1);
            s.TtftMs.Count.Should().Be(0, "failed requests are not in the latencies");
        }

        OnlyFailures("cut", "stream_cut");
        OnlyFailures("malformed", "malformed_event");
        OnlyFailures("unavailable", "http_status");
        OnlyFailures("stalled", "timeout");
        report.Scenarios.Single(x => x.Name == "unavailable").Requests.StatusCodes.Should().Equal(new Dictionary<int, long> { [503] = 10 });
    }

    [Fact]
    public async Task A_target_nobody_listens_on_is_a_connection_failure()
    {
        var port = FreePort();
        var scenario = await ScenarioAsync(LoadMockFixture.Scenario("refused", rate: 5, duration: "600ms"));
        var report = await new LoadRunner(new LoadRunnerOptions { Target = new Uri($"http://127.0.0.1:{port}/") }).Start([scenario]).Completion;

        var s = report.Scenarios.Single();
        s.Requests.Failed.Should().Be(3);
        s.Requests.FailedByKind["connection"].Should().Be(3);
    }

    [Fact]
    public async Task Two_shards_and_merge_give_the_counts_of_one_run()
    {
        var path = WriteScenario(LoadMockFixture.Scenario("sharded", rate: 40, duration: "1s", headers: LoadMockFixture.Fast));
        var whole = TempDirectory();
        var shard1 = TempDirectory();
        var shard2 = TempDirectory();
        var merged = TempDirectory();

        var runs = await Task.WhenAll(
            RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", whole]),
            RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", shard1, "--shard", "1/2"]),
            RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", shard2, "--shard", "2/2"]));
        runs.Should().OnlyContain(r => r.ExitCode == 0);
        var merge = await RunAsync(["merge", Path.Combine(shard1, "report.json"), Path.Combine(shard2, "report.json"), "--out", merged]);

        merge.ExitCode.Should().Be(0, merge.Error);
        var one = ReadReport(whole).Scenarios.Single();
        var parts = new[] { ReadReport(shard1), ReadReport(shard2) };
        var both = ReadReport(merged);
        parts.Select(p => p.Scenarios.Single().Requests.Planned).Should().Equal(20, 20);
        both.MergedReports.Should().Be(2);
        var m = both.Scenarios.Single();
        m.Requests.Planned.Should().Be(one.Requests.Planned).And.Be(40);
        m.Requests.Ok.Should().Be(one.Requests.Ok);
        m.Requests.OutputTokens.Should().Be(one.Requests.OutputTokens).And.Be(40 * 5);
        m.TtftMs.Count.Should().Be(one.TtftMs.Count);
        m.ItlMs.Count.Should().Be(one.ItlMs.Count);
    }

    [Fact]
    public async Task A_csharp_step_runs_a_multi_turn_chat_sending_the_previous_answer_back()
    {
        var bodies = new ConcurrentQueue<string>();
        var turns = new ConcurrentDictionary<long, (string Prompt, string Answer)>();
        var scenario = new LoadScenario("two turns", async context =>
        {
            var first = await context.ChatAsync("mythomax", [("user", context.Prompt)]);
            if (first.Ok)
            {
                turns[context.Arrival.Index] = (context.Prompt, first.Text!);
                await context.ChatAsync("mythomax", [("user", context.Prompt), ("assistant", first.Text!), ("user", "Go on.")]);
            }
        })
        {
            Load = new ConstantRate(10),
            Duration = TimeSpan.FromSeconds(0.5),
            Thresholds = [Threshold.Parse("error_rate < 0.01")],
            Prompts = PromptFeed.Circular(["Tell me about dragons.", "Describe a quiet valley."]),
        };
        var options = new LoadRunnerOptions
        {
            Target = fixture.Target,
            Credential = "load-tests",
            WrapHandler = inner => new CapturingHandler(inner, bodies),
        };

        var report = await new LoadRunner(options).Start([scenario]).Completion;

        var s = report.Scenarios.Single();
        s.Passed.Should().BeTrue();
        turns.Should().HaveCount(5);
        s.Requests.Ok.Should().Be(10, "two requests per arrival, each measured");
        s.Requests.OutputTokens.Should().Be(10 * LoadMockFixture.OutputTokens);
        foreach (var (prompt, answer) in turns.Values)
        {
            answer.Split(' ').Length.Should().BeGreaterThan(5);
            bodies.Should().Contain(b => b.Contains(answer, StringComparison.Ordinal) && b.Contains("Go on.", StringComparison.Ordinal) && b.Contains(prompt, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_failed_threshold_exits_1_and_the_reports_say_which()
    {
        var path = WriteScenario(LoadMockFixture.Scenario("too strict", rate: 5, duration: "1s", thresholds: """["error_rate < 0.01", "ttft_ms.p50 < 5"]"""));
        var output = TempDirectory();

        var result = await RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", output]);

        result.ExitCode.Should().Be(LoadCommandLine.ThresholdFailed);
        result.Output.Should().Contain("FAIL  ttft_ms.p50 < 5");
        var report = ReadReport(output);
        report.Passed.Should().BeFalse();
        report.Scenarios[0].Thresholds.Select(t => (t.Expression, t.Passed)).Should().Equal(("error_rate < 0.01", true), ("ttft_ms.p50 < 5", false));
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        markdown.Should().Contain("# Load test: ❌ failed").And.Contain("| `ttft_ms.p50 < 5` |").And.Contain("❌ ttft_ms.p50 was");
        (await File.ReadAllTextAsync(Path.Combine(output, "report.html"))).Should().Contain("✗ ttft_ms.p50 was");
    }

    [Fact]
    public async Task The_token_is_sent_but_never_printed_or_written()
    {
        const string Secret = "tok-Very-Secret-7d1f";
        var path = WriteScenario(LoadMockFixture.Scenario("secret", rate: 5, duration: "600ms", headers: LoadMockFixture.Fast));
        var output = TempDirectory();
        var journalBefore = fixture.Mock.Journal.Total;

        var result = await RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", output], new Dictionary<string, string> { ["ROSTRO_TOKEN"] = Secret });

        result.ExitCode.Should().Be(0);
        fixture.Mock.Journal.Total.Should().BeGreaterThan(journalBefore);
        (result.Output + result.Error).Should().NotContain(Secret);
        foreach (var file in Directory.GetFiles(output))
        {
            (await File.ReadAllTextAsync(file)).Should().NotContain(Secret, Path.GetFileName(file));
        }
    }

    [Fact]
    public async Task Ctrl_c_stops_the_run_and_still_writes_the_reports()
    {
        var path = WriteScenario(LoadMockFixture.Scenario("stopped", rate: 10, duration: "30s", headers: LoadMockFixture.Fast));
        var output = TempDirectory();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        var result = await RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", output], cancellationToken: stop.Token);

        result.ExitCode.Should().Be(LoadCommandLine.Interrupted);
        var report = ReadReport(output);
        report.Interrupted.Should().BeTrue();
        report.Scenarios[0].Requests.Ok.Should().BeInRange(5, 25);
    }

    [Fact]
    public async Task Live_metrics_are_published_on_the_rostro_load_meter()
    {
        var ttfts = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LoadMeter.Name && instrument.Name == "rostro.load.ttft")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => ttfts.Add(value));
        listener.Start();
        var scenario = await ScenarioAsync(LoadMockFixture.Scenario("metered", rate: 10, duration: "500ms", headers: """{ "X-Mock-Ttft-Ms": "30", "X-Mock-Inter-Token-Ms": "0", "X-Mock-Output-Tokens": "3" }"""));

        await new LoadRunner(new LoadRunnerOptions { Target = fixture.Target, Credential = "load-tests" }).Start([scenario]).Completion;

        ttfts.Should().HaveCount(5).And.OnlyContain(t => t >= 25);
    }

    [Fact]
    public async Task With_otlp_the_metrics_are_exported_to_the_collector()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = collector.GetContextAsync();
        var path = WriteScenario(LoadMockFixture.Scenario("exported", rate: 5, duration: "600ms", headers: LoadMockFixture.Fast));

        var result = await RunAsync(["run", path, "--target", fixture.Mock.Url, "--out", TempDirectory(), "--otlp", $"http://127.0.0.1:{port}"]);

        result.ExitCode.Should().Be(0, result.Error);
        var context = await received.WaitAsync(TimeSpan.FromSeconds(10));
        context.Request.HttpMethod.Should().Be("POST");
        context.Request.Url!.AbsolutePath.Should().Be("/v1/metrics");
        context.Request.ContentType.Should().Be("application/x-protobuf");
        context.Response.StatusCode = 200;
        context.Response.Close();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class CapturingHandler(HttpMessageHandler inner, ConcurrentQueue<string> bodies) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                bodies.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
