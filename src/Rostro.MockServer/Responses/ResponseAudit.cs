using System.Collections.Concurrent;

namespace Rostro.MockServer.Responses;

/// <summary>When enabled (tests), every JSON response is validated against the spec and each mismatch is kept here.</summary>
/// <remarks>
/// Off in normal runs: validating every answer costs more than answering. The test fixture turns it on and asserts it stays
/// empty. Bodies over <see cref="MaxAuditedBytes"/> are counted in <see cref="Unaudited"/>, not validated: an 18 MB chat
/// completion (64 choices of 1,000 tokens with logprobs) took JsonSchema.Net 25 s here, longer than a test's client waits,
/// and its shape is the one the small answers of the same code already prove.
/// </remarks>
internal sealed class ResponseAudit
{
    /// <summary>Largest body validated.</summary>
    public const int MaxAuditedBytes = 4 * 1024 * 1024;

    private readonly ConcurrentQueue<string> _violations = new();
    private long _unaudited;

    internal ResponseAudit(bool enabled) => Enabled = enabled;

    /// <summary>Whether responses are being validated.</summary>
    public bool Enabled { get; }

    /// <summary>Every mismatch seen so far: <c>operationId status: violation</c>.</summary>
    public IReadOnlyCollection<string> Violations => _violations.ToArray();

    /// <summary>Bodies too large to validate (over <see cref="MaxAuditedBytes"/>) so far.</summary>
    public long Unaudited => Interlocked.Read(ref _unaudited);

    /// <summary>Whether a body of this size is validated; counts it in <see cref="Unaudited"/> when not.</summary>
    internal bool Takes(int bytes)
    {
        if (bytes <= MaxAuditedBytes)
        {
            return true;
        }

        Interlocked.Increment(ref _unaudited);
        return false;
    }

    internal void Record(string violation)
    {
        // Bounded like everything else: the first thousand are enough to fix a bug.
        if (_violations.Count < 1000)
        {
            _violations.Enqueue(violation);
        }
    }

    internal void Clear()
    {
        _violations.Clear();
        Interlocked.Exchange(ref _unaudited, 0);
    }
}
