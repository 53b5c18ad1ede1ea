using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;

namespace Rostro.Load;

/// <summary>Runs scenarios (all at once, as NBomber does) against a target and reports on them: the engine behind the command line, usable from C#.</summary>
/// <example>
/// <code>
/// var scenario = new LoadScenario("two turns", async context =>
/// {
///     var first = await context.ChatAsync("mythomax", [("user", context.Prompt)]);
///     await context.ChatAsync("mythomax", [("user", context.Prompt), ("assistant", first.Text ?? ""), ("user", "Go on.")]);
/// }) { Load = new ConstantRate(2), Duration = TimeSpan.FromSeconds(30), Thresholds = [Threshold.Parse("ttft_ms.p95 &lt; 800")] };
/// var report = await new LoadRunner(new LoadRunnerOptions { Target = new Uri("http://127.0.0.1:4010/") }).Start([scenario]).Completion;
/// </code>
/// </example>
public sealed class LoadRunner(LoadRunnerOptions options)
{
    private readonly LoadRunnerOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Starts the scenarios now; the returned run reports live status and completes with the report.</summary>
    public LoadRun Start(IReadOnlyList<LoadScenario> scenarios, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Count == 0 || scenarios.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != scenarios.Count)
        {
            throw new ArgumentException("Give at least one scenario, each with its own name.", nameof(scenarios));
        }

        var clock = _options.Clock;
        var http = CreateHttpClient(scenarios);
        var runs = new List<ScenarioRun>();
        var meter = new LoadMeter(() => runs.Select(r => new Measurement<long>(r.InFlight, new KeyValuePair<string, object?>("scenario", r.Scenario.Name))));
        foreach (var scenario in scenarios)
        {
            runs.Add(new ScenarioRun(scenario, clock, new CompletionExchange(http, clock, scenario.RequestTimeout), _options.Shard, meter, _options.OnRequest));
        }

        var start = clock.GetTimestamp();
        var run = new LoadRun(runs, clock, start);
        run.Completion = RunAsync(run, runs, http, meter, start, cancellationToken);
        return run;
    }

    private async Task<LoadReport> RunAsync(LoadRun run, List<ScenarioRun> runs, HttpClient http, LoadMeter meter, long start, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;

        // The runner's CPU is counted from the end of the (shortest) warm-up, like the events and requests it is divided by.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var measuring = Task.Delay(runs.Min(r => r.Scenario.WarmUp), cancellationToken).ContinueWith(
            _ => cpuBefore = Process.GetCurrentProcess().TotalProcessorTime, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await Task.WhenAll(runs.Select(r => Task.Run(() => r.RunAsync(start, cancellationToken), CancellationToken.None))).ConfigureAwait(false);
            await measuring.ConfigureAwait(false);
        }
        finally
        {
            http.Dispose();
            meter.Dispose();
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var scenarios = runs.Select(r => ScenarioReport.From(r.Info(), r.Statistics)).ToList();
        var events = runs.Sum(r => r.Statistics.Events);
        var requests = runs.Sum(r => r.Statistics.Completed + r.Statistics.Cancelled);
        run.StepErrors = [.. runs.Where(r => r.StepErrors > 0).Select(r => $"{r.Scenario.Name}: {r.StepErrors} step error(s), first: {r.FirstStepError}")];
        return new LoadReport
        {
            StartedAt = startedAt,
            Target = TargetPolicy.Describe(_options.Target),
            Shard = _options.Shard.IsWhole ? null : _options.Shard.ToString(),
            Interrupted = cancellationToken.IsCancellationRequested,
            Passed = scenarios.All(s => s.Passed),
            Client = ClientUsage.Of(cpu, events, requests),
            Scenarios = scenarios,
        };
    }

    private HttpClient CreateHttpClient(IReadOnlyList<LoadScenario> scenarios)
    {
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            // Every request may need its own connection (one stream each under HTTP/1.1).
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, scenarios.Min(s => s.RequestTimeout.TotalSeconds))),

            // A response abandoned mid-stream (timeout, malformed event) closes its connection instead of being drained for reuse.
            MaxResponseDrainSize = 0,

            // The target is exactly what was named: no proxy from the environment, no redirect to another host, no cookies.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (_options.WrapHandler is { } wrap)
        {
            handler = wrap(handler);
        }

        var target = _options.Target.AbsoluteUri.EndsWith('/') ? _options.Target : new Uri(_options.Target.AbsoluteUri + "/");
        var http = new HttpClient(handler) { BaseAddress = target, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("rostro-load", "1"));
        if (!string.IsNullOrEmpty(_options.Credential))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _options.Credential);
        }

        return http;
    }
}
