namespace Rostro.MockServer.Mimic;

/// <summary>The completions in progress (streams, and JSON answers waiting out their generation time), so shutdown can end them at once.</summary>
/// <remarks>A stalled stream holds its connection for up to a minute and a long one for as long as its tokens last; Kestrel's
/// graceful shutdown would wait for them (it took 30 s, silently). Shutdown aborts them instead, as a dropped connection,
/// and the command line says how many it ended.</remarks>
internal sealed class OpenStreams
{
    private readonly CancellationTokenSource _stopping = new();
    private int _open;

    /// <summary>Completions in progress now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>How many <see cref="EndAll"/> ended.</summary>
    public int Ended { get; private set; }

    /// <summary>Counts one completion while the returned handle lives, and aborts its connection if shutdown comes first.</summary>
    internal Tracked Track(HttpContext http)
    {
        Interlocked.Increment(ref _open);
        return new Tracked(this, _stopping.Token.UnsafeRegister(static state => ((HttpContext)state!).Abort(), http));
    }

    /// <summary>Ends every completion in progress, and any that starts later; returns how many were open.</summary>
    public int EndAll()
    {
        Ended = Open;
        _stopping.Cancel();
        return Ended;
    }

    internal readonly struct Tracked(OpenStreams owner, CancellationTokenRegistration registration) : IDisposable
    {
        public void Dispose()
        {
            registration.Dispose();
            Interlocked.Decrement(ref owner._open);
        }
    }
}
