namespace Rostro.Load;

/// <summary>What a scenario was, for its report: the parts of its definition a reader needs next to the figures.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Route">The route (or <c>(C# step)</c>).</param>
/// <param name="Model">The model.</param>
/// <param name="Streaming">Whether it streamed.</param>
/// <param name="Load">The load model.</param>
/// <param name="MaxConcurrency">The concurrency cap of an open model.</param>
/// <param name="WarmUp">Warm-up length.</param>
/// <param name="Duration">Measured length.</param>
/// <param name="Thresholds">Its thresholds.</param>
public sealed record ScenarioInfo(
    string Name,
    string Route,
    string? Model,
    bool Streaming,
    string Load,
    int? MaxConcurrency,
    TimeSpan WarmUp,
    TimeSpan Duration,
    IReadOnlyList<Threshold> Thresholds);
