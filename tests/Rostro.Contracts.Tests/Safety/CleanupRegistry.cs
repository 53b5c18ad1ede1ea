using System.Collections.Concurrent;
using Rostro.Contracts.Tests.Checks;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>Everything the run created, with the request that removes it; the only source of removals a live target accepts from the suite.</summary>
/// <remarks>
/// A test tracks what it creates the moment the creation answers, in a <see cref="CleanupScope"/>; disposing the scope (the
/// test passed, failed or was cancelled) sends every removal not yet made, newest first, on a fresh timeout rather than the
/// test's possibly cancelled token. The target disposes the registry at the end of the run, which sweeps anything left.
/// </remarks>
public sealed class CleanupRegistry
{
    private readonly ConcurrentDictionary<string, byte> _permitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CleanupScope> _scopes = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private readonly List<string> _changedForGood = [];
    private readonly Lock _gate = new();
    private int _tracked;
    private int _removed;

    /// <summary>How many things the run created and tracked.</summary>
    public int Tracked => Volatile.Read(ref _tracked);

    /// <summary>How many of them it removed.</summary>
    public int Removed => Volatile.Read(ref _removed);

    /// <summary>What the run created and removed, in a line.</summary>
    public string Describe() =>
        $"{Tracked} things created or changed and tracked, {Removed} removed or restored; "
        + (Failures.Count == 0 ? "nothing left on the target" : $"{Failures.Count} left on the target (listed below and in contract-coverage.md)")
        + (ChangedForGood.Count == 0 ? string.Empty : $"; {ChangedForGood.Count} changed for good (the API cannot undo them)");

    /// <summary>Removals that failed (reported by the target at the end of the run).</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>The scope of one test (by its unique ID), made on first use; without a test, the run's own scope, swept at the end.</summary>
    public CleanupScope ScopeFor(string? testId, string testName) => _scopes.GetOrAdd(testId ?? "(the run)", _ => new CleanupScope(this, testName));

    /// <summary>A scope of its own (a self-test's).</summary>
    public CleanupScope Scope(string testName) => ScopeFor(Guid.NewGuid().ToString("N"), testName);

    /// <summary>Whether this exact request removes something the run created.</summary>
    public bool Permits(string method, string pathAndQuery, string? body) => _permitted.ContainsKey(Key(method, pathAndQuery, body));

    internal void Permit(string method, string pathAndQuery, string? body)
    {
        _permitted[Key(method, pathAndQuery, body)] = 0;
        Interlocked.Increment(ref _tracked);
    }

    internal void CountRemoved() => Interlocked.Increment(ref _removed);

    /// <summary>What a destructive check changed that the API has no way to undo (a character, a rating, scene events), for the report.</summary>
    public IReadOnlyList<string> ChangedForGood
    {
        get
        {
            lock (_gate)
            {
                return [.. _changedForGood];
            }
        }
    }

    /// <summary>Records a change the API cannot undo, the moment it is made.</summary>
    public void ChangeForGood(string what)
    {
        lock (_gate)
        {
            _changedForGood.Add(what);
        }
    }

    /// <summary>Something was created that cannot be removed (its answer lacks the value the removal needs, ...): reported as left on the target.</summary>
    public void RecordFailure(string message)
    {
        lock (_gate)
        {
            _failures.Add(message);
        }
    }

    /// <summary>Runs every removal still pending in any scope (the end of the run).</summary>
    public async Task SweepAsync()
    {
        foreach (var scope in _scopes.Values)
        {
            await scope.DisposeAsync();
        }
    }

    private static string Key(string method, string pathAndQuery, string? body) => $"{method.ToUpperInvariant()} {pathAndQuery}\n{body}";
}

/// <summary>What one test created; disposing it removes whatever is still there.</summary>
public sealed class CleanupScope(CleanupRegistry registry, string testName) : IAsyncDisposable
{
    /// <summary>The test the scope belongs to.</summary>
    public string TestName { get; } = testName;

    private readonly Stack<TrackedResource> _pending = new();
    private readonly Lock _gate = new();

    /// <summary>Tracks a created resource and the request that removes it (its method, path and JSON body).</summary>
    public TrackedResource Track(string description, ContractClient owner, HttpMethod method, string path, string? jsonBody = null)
    {
        var resource = new TrackedResource(description, owner, method, path, jsonBody);
        registry.Permit(method.Method, owner.PathAndQuery(path), jsonBody);
        lock (_gate)
        {
            _pending.Push(resource);
        }

        return resource;
    }

    /// <summary>Sends the removal now (the lifecycle's own delete step) and returns its exchange.</summary>
    public async Task<Exchange> RemoveAsync(TrackedResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var exchange = await resource.Owner.SendAsync(resource.Method, resource.Path, resource.JsonBody, cancellationToken: cancellationToken);
        var removed = exchange.Status is >= 200 and < 300 or 404;
        if (removed && !resource.Removed)
        {
            registry.CountRemoved();
        }

        resource.Removed = removed;
        return exchange;
    }

    public async ValueTask DisposeAsync()
    {
        while (true)
        {
            TrackedResource? next;
            lock (_gate)
            {
                if (!_pending.TryPop(out next))
                {
                    return;
                }
            }

            if (next.Removed)
            {
                continue;
            }

            // The test's token may be the reason we are here (cancelled): clean up on a token of our own.
            using var time = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                var exchange = await RemoveAsync(next, time.Token);
                if (!next.Removed)
                {
                    registry.RecordFailure($"{TestName}: removing {next.Description} answered {exchange.Status}.");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or UnsafeRequestException)
            {
                registry.RecordFailure($"{TestName}: removing {next.Description} failed: {e.Message}");
            }
        }
    }
}

/// <summary>One thing a test created.</summary>
public sealed class TrackedResource(string description, ContractClient owner, HttpMethod method, string path, string? jsonBody)
{
    public string Description { get; } = description;

    public ContractClient Owner { get; } = owner;

    public HttpMethod Method { get; } = method;

    public string Path { get; } = path;

    public string? JsonBody { get; } = jsonBody;

    public bool Removed { get; internal set; }
}
