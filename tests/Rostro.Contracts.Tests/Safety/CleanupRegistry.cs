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

    /// <summary>Whether this exact request, from this caller, removes something the run created or puts back something it changed.</summary>
    public bool Permits(Targets.Caller caller, string method, string pathAndQuery, string? body) => _permitted.ContainsKey(Key(caller, method, pathAndQuery, body));

    internal void Permit(Targets.Caller caller, string method, string pathAndQuery, string? body)
    {
        _permitted[Key(caller, method, pathAndQuery, body)] = 0;
        Interlocked.Increment(ref _tracked);
    }

    internal void CountRemoved() => Interlocked.Increment(ref _removed);

    internal void CountRefused() => Interlocked.Decrement(ref _tracked);

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

    /// <summary>Runs every removal still pending in any scope (the end of the run); what fails is in <see cref="Failures"/>.</summary>
    public async Task SweepAsync()
    {
        foreach (var scope in _scopes.Values)
        {
            try
            {
                await scope.DisposeAsync();
            }
            catch (LeftOnTargetException)
            {
                // Recorded in Failures, which the end of the run reports.
            }
        }
    }

    // The credential is part of the key: a removal registered for the second user does not let the first send it.
    private static string Key(Targets.Caller caller, string method, string pathAndQuery, string? body) => $"{caller.Scheme} {caller.Credential}\n{method.ToUpperInvariant()} {pathAndQuery}\n{body}";
}

/// <summary>What one test created; disposing it removes whatever is still there.</summary>
public sealed class CleanupScope(CleanupRegistry registry, string testName) : IAsyncDisposable
{
    /// <summary>The test the scope belongs to.</summary>
    public string TestName { get; } = testName;

    private readonly Stack<TrackedResource> _pending = new();
    private readonly Lock _gate = new();

    /// <summary>What is registered and not removed yet.</summary>
    public IReadOnlyList<TrackedResource> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending.Where(r => !r.Removed)];
            }
        }
    }

    /// <summary>Tracks a created resource and the request that removes it (its method, path and JSON body), or a change and the request that puts it back.</summary>
    /// <param name="description">What it is, for the report.</param>
    /// <param name="owner">Who sends the removal (whose credential made the change).</param>
    /// <param name="method">The removal's method.</param>
    /// <param name="path">The removal's path and query, as the spec writes paths.</param>
    /// <param name="jsonBody">The removal's JSON body, if any.</param>
    /// <param name="restores">True when the request puts back what a check changed (a username): only a success counts, not a 404.</param>
    public TrackedResource Track(string description, ContractClient owner, HttpMethod method, string path, string? jsonBody = null, bool restores = false)
    {
        var resource = new TrackedResource(description, owner, method, path, jsonBody, restores);
        registry.Permit(owner.Caller, method.Method, owner.PathAndQuery(path), jsonBody);
        lock (_gate)
        {
            _pending.Push(resource);
        }

        return resource;
    }

    /// <summary>The creation a removal was registered for before it was sent was refused (4xx): it made nothing, and is neither removed nor counted.</summary>
    public void Refused(TrackedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        resource.Removed = true;
        registry.CountRefused();
    }

    /// <summary>The check removed the resource another way (an MCP tool): counted as removed, nothing more is sent.</summary>
    public void RemovedElsewhere(TrackedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!resource.Removed)
        {
            registry.CountRemoved();
        }

        resource.Removed = true;
    }

    /// <summary>Sends the removal now (the lifecycle's own delete step) and returns its exchange.</summary>
    public async Task<Exchange> RemoveAsync(TrackedResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var exchange = await resource.Owner.SendAsync(resource.Method, resource.Path, resource.JsonBody, cancellationToken: cancellationToken);
        var removed = exchange.Status is >= 200 and < 300 || (exchange.Status == 404 && !resource.Restores);
        if (removed && !resource.Removed)
        {
            registry.CountRemoved();
        }

        resource.Removed = removed;
        return exchange;
    }

    /// <summary>Removes (or puts back) everything still pending, newest first; then, if any of it failed, fails the check that made it.</summary>
    /// <exception cref="LeftOnTargetException">Something stays on the target: recorded for the report, and the check fails saying what.</exception>
    public async ValueTask DisposeAsync()
    {
        var left = new List<string>();
        while (true)
        {
            TrackedResource? next;
            lock (_gate)
            {
                if (!_pending.TryPop(out next))
                {
                    break;
                }
            }

            if (next.Removed)
            {
                continue;
            }

            // The test's token may be the reason we are here (cancelled): clean up on a token of our own.
            using var time = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var doing = next.Restores ? "putting back" : "removing";
            try
            {
                var exchange = await RemoveAsync(next, time.Token);
                if (!next.Removed)
                {
                    left.Add($"{TestName}: {doing} {next.Description} answered {exchange.Status}.");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or UnsafeRequestException)
            {
                left.Add($"{TestName}: {doing} {next.Description} failed: {e.Message}");
            }
        }

        foreach (var failure in left)
        {
            registry.RecordFailure(failure);
        }

        if (left.Count > 0)
        {
            throw new LeftOnTargetException(left);
        }
    }
}

/// <summary>One thing a test created.</summary>
public sealed class TrackedResource(string description, ContractClient owner, HttpMethod method, string path, string? jsonBody, bool restores = false)
{
    /// <summary>It puts back what a check changed rather than removing what it made.</summary>
    public bool Restores { get; } = restores;

    public string Description { get; } = description;

    public ContractClient Owner { get; } = owner;

    public HttpMethod Method { get; } = method;

    public string Path { get; } = path;

    public string? JsonBody { get; } = jsonBody;

    public bool Removed { get; internal set; }
}

/// <summary>What a check created or changed stays on the target: its removal or restoration failed. The check fails with this, and the run's report lists it.</summary>
public sealed class LeftOnTargetException(IReadOnlyList<string> left)
    : Exception("Left on the target (the run could not remove or put back what this check made): " + string.Join(" ", left))
{
    public override string? StackTrace => null;
}
