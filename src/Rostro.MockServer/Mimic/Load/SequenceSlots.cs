using System.Diagnostics;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.Mimic.Load;

/// <summary>
/// The load model's capacity: at most <see cref="MockSettings.MaxSequences"/> completions generating at once, server-wide,
/// and a FIFO queue of at most <see cref="MockSettings.MaxQueuedRequests"/> waiting for a slot (a model server's
/// <c>max-num-seqs</c> and waiting queue). A request beyond the queue is refused; one whose client leaves while queued
/// leaves the queue. Off (every request admitted at once, nothing counted) while <c>maxSequences</c> is 0.
/// </summary>
/// <remarks>The capacity settings are read from each request's settings: set them server-wide (<c>--settings</c>,
/// <c>PUT /__admin/settings</c>); a header that changes them for one request changes them for that request's admission only.</remarks>
internal sealed class SequenceSlots
{
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private int _running;

    /// <summary>Sequences generating now.</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Requests waiting for a sequence now.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Waits for a sequence; null when the queue is full (the request is refused, nothing held).</summary>
    /// <returns>The admission (dispose it when the completion ends, streamed or not), or null.</returns>
    public async ValueTask<Admission?> AdmitAsync(MockSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxSequences == 0)
        {
            return Admission.Off;
        }

        var queuedAt = Stopwatch.GetTimestamp();

        Waiter waiter;
        lock (_lock)
        {
            if (_running < settings.MaxSequences && _queue.Count == 0)
            {
                _running++;
                MimicMeter.RunningSequences.Add(1);
                return new Admission(this, settings.MaxSequences, queuedAt, queuedAt, _running);
            }

            if (_queue.Count >= settings.MaxQueuedRequests)
            {
                return null;
            }

            waiter = new Waiter(settings.MaxSequences);
            waiter.Node = _queue.AddLast(waiter);
            MimicMeter.QueuedRequests.Add(1);
        }

        using (cancellationToken.UnsafeRegister(static state => ((Waiter)state!).Cancel(), waiter))
        {
            try
            {
                var running = await waiter.Admitted.Task.ConfigureAwait(false);
                return new Admission(this, settings.MaxSequences, queuedAt, Stopwatch.GetTimestamp(), running);
            }
            catch (OperationCanceledException)
            {
                // Canceled before a slot was given (a slot given first completes the wait instead): leave the queue.
                lock (_lock)
                {
                    if (waiter.Node!.List is not null)
                    {
                        _queue.Remove(waiter.Node);
                        MimicMeter.QueuedRequests.Add(-1);
                    }
                }

                throw;
            }
        }
    }

    // Called under the lock: one sequence ends; the queue's head (if capacity allows) takes its slot.
    private void Release(int maxSequences)
    {
        _running--;
        MimicMeter.RunningSequences.Add(-1);
        while (_queue.First is { } head && _running < Math.Max(maxSequences, head.Value.MaxSequences))
        {
            _queue.RemoveFirst();
            MimicMeter.QueuedRequests.Add(-1);
            if (head.Value.Admitted.TrySetResult(_running + 1))
            {
                _running++;
                MimicMeter.RunningSequences.Add(1);
            }
        }
    }

    private void End(int maxSequences)
    {
        lock (_lock)
        {
            Release(maxSequences);
        }
    }

    /// <summary>One admitted completion: when it queued and started, how many generated then; ends its sequence when disposed.</summary>
    internal sealed class Admission(SequenceSlots? slots, int maxSequences, long queuedAt, long startedAt, int running) : IDisposable
    {
        private SequenceSlots? _slots = slots;

        /// <summary>The admission of every request while the capacity is off: nothing held, nothing waited.</summary>
        public static Admission Off { get; } = new(null, 0, 0, 0, running: 1);

        /// <summary>Sequences generating when this one started, itself included.</summary>
        public int RunningAtStart { get; } = running;

        /// <summary>How long it waited for a sequence, in milliseconds.</summary>
        public double QueuedMs => Stopwatch.GetElapsedTime(queuedAt, startedAt).TotalMilliseconds;

        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.End(maxSequences);
    }

    private sealed class Waiter(int maxSequences)
    {
        public int MaxSequences { get; } = maxSequences;

        public TaskCompletionSource<int> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public void Cancel() => Admitted.TrySetCanceled();
    }
}
