namespace Rostro.Load;

/// <summary>What one arrival does: one request (a scenario file's route) or several (a C# step, e.g. a multi-turn chat).</summary>
/// <param name="context">The arrival: its prompt, and <see cref="LoadStepContext.SendAsync"/> to send requests with measured timelines.</param>
public delegate ValueTask LoadStep(LoadStepContext context);

/// <summary>A scenario: a step, a load model, its times and bounds, and the thresholds it must meet. Scenario files become these; C# code builds them directly.</summary>
/// <param name="Name">The name in reports.</param>
/// <param name="Step">What each arrival does.</param>
public sealed record LoadScenario(string Name, LoadStep Step)
{
    /// <summary>How requests arrive.</summary>
    public LoadModel Load { get; init; } = new ConstantRate(1);

    /// <summary>Unmeasured time before the measured phase (connections opened, JIT warmed).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>Measured time (a steps load sets its own).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most arrivals of the whole run, warm-up included; null for no cap beyond the duration.</summary>
    public long? MaxRequests { get; init; }

    /// <summary>Open model only: most arrivals in flight; later ones wait in a client-side queue (reported as queue time).</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>A request taking longer fails as a <see cref="FailureKind.Timeout"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pass/fail conditions; their TTFT/TPOT/E2E upper bounds are goodput's objectives.</summary>
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    /// <summary>Prompts for <see cref="LoadStepContext.Prompt"/>; synthetic by default.</summary>
    public PromptFeed Prompts { get; init; } = PromptFeed.Synthetic(8, 32);

    /// <summary>The route, for reports (a C# step may send to several).</summary>
    public string Route { get; init; } = "(C# step)";

    /// <summary>The model, for reports.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the step streams, for reports.</summary>
    public bool Streaming { get; init; } = true;

    /// <summary>The measured length this scenario runs for.</summary>
    public TimeSpan EffectiveDuration => Load is OpenLoad { OwnDuration: { } own } ? own : Duration;

    /// <summary>The report's description of this scenario.</summary>
    public ScenarioInfo Info() => new(Name, Route, Model, Streaming, Load.Describe(), Load is OpenLoad ? MaxConcurrency : null, WarmUp, EffectiveDuration, Thresholds);
}
