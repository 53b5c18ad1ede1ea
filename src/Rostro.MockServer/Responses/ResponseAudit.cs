using System.Collections.Concurrent;

namespace Rostro.MockServer.Responses;

/// <summary>When enabled (tests), every JSON response is validated against the spec and each mismatch is kept here.</summary>
/// <remarks>Off in normal runs: validating every answer costs more than answering. The test fixture turns it on and asserts it stays empty.</remarks>
public sealed class ResponseAudit
{
    private readonly ConcurrentQueue<string> _violations = new();

    internal ResponseAudit(bool enabled) => Enabled = enabled;

    /// <summary>Whether responses are being validated.</summary>
    public bool Enabled { get; }

    /// <summary>Every mismatch seen so far: <c>operationId status: violation</c>.</summary>
    public IReadOnlyCollection<string> Violations => _violations.ToArray();

    internal void Record(string violation)
    {
        // Bounded like everything else: the first thousand are enough to fix a bug.
        if (_violations.Count < 1000)
        {
            _violations.Enqueue(violation);
        }
    }

    internal void Clear() => _violations.Clear();
}
