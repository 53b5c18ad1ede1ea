namespace Rostro.Load;

/// <summary>The time source of a run: timestamps for every timeline, and the scheduler's waits. Tests pass a fake one.</summary>
/// <remarks>Timestamps are ticks of <see cref="Frequency"/> per second; only differences between them mean anything.</remarks>
public abstract class LoadClock
{
    /// <summary>Ticks per second.</summary>
    public abstract long Frequency { get; }

    /// <summary>Now, in ticks.</summary>
    public abstract long GetTimestamp();

    /// <summary>Blocks the calling thread (the scheduler's own) until <paramref name="timestamp"/>, or until cancelled.</summary>
    public abstract void SleepUntil(long timestamp, CancellationToken cancellationToken);

    /// <summary>Ticks in a span of time.</summary>
    public long Ticks(TimeSpan span) => (long)Math.Round(span.TotalSeconds * Frequency);

    /// <summary>Ticks in a number of seconds.</summary>
    public long Ticks(double seconds) => (long)Math.Round(seconds * Frequency);

    /// <summary>A tick difference in microseconds (the unit every histogram records).</summary>
    public long Microseconds(long ticks) => (long)Math.Round(ticks * 1_000_000.0 / Frequency);

    /// <summary>A tick difference in seconds.</summary>
    public double Seconds(long ticks) => (double)ticks / Frequency;
}
