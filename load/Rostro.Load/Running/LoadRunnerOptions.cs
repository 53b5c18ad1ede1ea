namespace Rostro.Load;

/// <summary>Where and how a run sends its load.</summary>
public sealed record LoadRunnerOptions
{
    /// <summary>The target's base URL; routes are relative to it. Checked by <see cref="TargetPolicy"/> before a run starts.</summary>
    public required Uri Target { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> (the command line reads <c>ROSTRO_TOKEN</c>); never printed or written to a report.</summary>
    public string? Credential { get; init; }

    /// <summary>Which share of the load this process sends.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>The clock; tests pass a fake one.</summary>
    public LoadClock Clock { get; init; } = SystemLoadClock.Instance;

    /// <summary>Wraps the HTTP handler (tests capture requests with it).</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? WrapHandler { get; init; }

    /// <summary>Called with each request's timeline once it ended (from the request's own task).</summary>
    public Action<RequestTimeline>? OnRequest { get; init; }
}
