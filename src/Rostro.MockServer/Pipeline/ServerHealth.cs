namespace Rostro.MockServer.Pipeline;

/// <summary>Counts what should never happen: requests that reached the global exception handler.</summary>
internal sealed class ServerHealth
{
    private long _unhandled;

    /// <summary>Requests answered by the exception handler with the 500 envelope they did not ask for.</summary>
    public long UnhandledExceptions => Interlocked.Read(ref _unhandled);

    internal void RecordUnhandled() => Interlocked.Increment(ref _unhandled);
}
