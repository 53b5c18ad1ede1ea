namespace Rostro.Load;

/// <summary>A run in progress: live status for the progress display, and the report when it ends.</summary>
public sealed class LoadRun
{
    private readonly IReadOnlyList<ScenarioRun> _runs;
    private readonly LoadClock _clock;
    private readonly long _start;

    internal LoadRun(IReadOnlyList<ScenarioRun> runs, LoadClock clock, long start)
    {
        _runs = runs;
        _clock = clock;
        _start = start;
    }

    /// <summary>Completes with the report once every scenario ended and every request it started has ended.</summary>
    public Task<LoadReport> Completion { get; internal set; } = null!;

    /// <summary>Errors thrown by C# steps (their own bugs), one line per scenario; empty when none.</summary>
    public IReadOnlyList<string> StepErrors { get; internal set; } = [];

    /// <summary>Seconds the whole run is planned to last (warm-up included), the longest scenario's.</summary>
    public double PlannedSeconds => _runs.Max(r => (r.Scenario.WarmUp + r.Scenario.EffectiveDuration).TotalSeconds);

    /// <summary>What each scenario is doing now.</summary>
    public IReadOnlyList<ScenarioStatus> Status()
    {
        var now = _clock.GetTimestamp();
        return [.. _runs.Select(r =>
        {
            var snapshot = r.Statistics.Snapshot();
            var phase = now < r.MeasureStart ? "warm-up" : now < r.End ? "measuring" : "draining";
            return new ScenarioStatus(r.Scenario.Name, phase, _clock.Seconds(now - _start), r.SentRequests, r.InFlight, snapshot.Ok, snapshot.Failed, snapshot.Dropped, snapshot.TtftP50, snapshot.TtftP95);
        })];
    }
}

/// <summary>A scenario's live figures.</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Phase"><c>warm-up</c>, <c>measuring</c> or <c>draining</c> (the duration is over, requests still in flight).</param>
/// <param name="ElapsedSeconds">Since the run started.</param>
/// <param name="Sent">Requests ended so far (warm-up included).</param>
/// <param name="InFlight">Arrivals in flight.</param>
/// <param name="Ok">Measured successes.</param>
/// <param name="Failed">Measured failures.</param>
/// <param name="Dropped">Arrivals dropped (still queued behind the cap at the end).</param>
/// <param name="TtftP50">TTFT median so far, ms.</param>
/// <param name="TtftP95">TTFT p95 so far, ms.</param>
public sealed record ScenarioStatus(string Name, string Phase, double ElapsedSeconds, long Sent, long InFlight, long Ok, long Failed, long Dropped, double TtftP50, double TtftP95);
