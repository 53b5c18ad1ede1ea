namespace Rostro.MockServer.Mimic;

/// <summary>When the request reached the server (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks): the origin of the stream's deadlines.</summary>
/// <param name="Timestamp">Stopwatch ticks.</param>
internal sealed record RequestArrival(long Timestamp);
