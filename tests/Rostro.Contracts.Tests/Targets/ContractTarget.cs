using System.Net;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Evidence;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Streaming;
using Rostro.MockServer;
using Rostro.MockServer.Settings;
using Rostro.Spec;
using Xunit.Sdk;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(Rostro.Contracts.Tests.Targets.ContractTarget))]

namespace Rostro.Contracts.Tests.Targets;

/// <summary>What the run is pointed at.</summary>
public enum TargetKind
{
    /// <summary>ROSTRO_BASE_URL unset: the mock, started in this process on a loopback port.</summary>
    InProcessMock,

    /// <summary>ROSTRO_BASE_URL names a server that answers as a Rostro mock (docker-compose, a teammate's laptop).</summary>
    RemoteMock,

    /// <summary>Anything else: staging, production. Only what can be provoked safely runs.</summary>
    Live,
}

/// <summary>The target of the whole run (an assembly fixture): one HTTP pipeline every request goes through, and what the run keeps.</summary>
/// <remarks>
/// The pipeline, outermost first: safety (refuses what could harm a live target, spends the credit budget) → cleanup
/// (registers the removal of whatever a creation made, before any check) → rate limit → retries (network errors, 429 with
/// Retry-After) → timeout → coverage recording and the send time (timings start when a request leaves the rate limiter)
/// → the socket. At the end of the run the
/// cleanup registry removes anything a test left, and the coverage table is written next to the TRX.
/// </remarks>
public sealed class ContractTarget : IAsyncLifetime
{
    private readonly Dictionary<string, Task<string?>> _usernames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<long?>> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<IReadOnlyList<long>>> _profileProjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<long?>> _loreOwners = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<Exchange>> _recent = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<int>> _baseStatus = new(StringComparer.Ordinal);

    /// <summary>The run's target (the assembly fixture), which reports the run's plan and outcome on the console.</summary>
    public ContractTarget(IMessageSink console)
    {
        Console = console;
    }

    /// <summary>A target from given settings (the self-tests point one at a broken server).</summary>
    internal ContractTarget(ContractSettings? settings) => Configured = settings;

    private ContractSettings? Configured { get; }

    // xunit's diagnostic messages: shown by `dotnet test` at its default verbosity (xunit.runner.json: diagnosticMessages).
    private IMessageSink? Console { get; }

    /// <summary>What the run is pointed at, and whether it could start.</summary>
    public RunPlan Plan { get; private set; } = null!;

    /// <summary>How each check of the run ended.</summary>
    public RunOutcomes Outcomes { get; } = new();

    /// <summary>False when the run's configuration is unusable: no check was discovered, and <c>The_run_is_configured</c> fails saying why.</summary>
    public bool Started { get; private set; }

    public ContractSettings Settings { get; private set; } = new();

    public TargetKind Kind { get; private set; }

    public bool IsLive => Kind == TargetKind.Live;

    public bool IsMock => !IsLive;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The in-process mock (null for a remote target).</summary>
    public MockServer.RostroMock? Mock { get; private set; }

    /// <summary>The pipeline; use <see cref="Client"/> to send as someone.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The handler chain outside the socket, for clients that bring their own HttpClient (the OpenAI SDK).</summary>
    public HttpMessageHandler Handler { get; private set; } = null!;

    public SpecCatalog Spec => SpecCatalog.Instance;

    public Redactor Redactor { get; private set; } = null!;

    public CoverageRecorder Coverage { get; } = new();

    public EvidenceWriter Evidence { get; private set; } = null!;

    public CleanupRegistry Cleanup { get; } = new();

    public StreamTimings Timings { get; } = new();

    /// <summary>How a live run spends its credits (a mock's plan buys everything).</summary>
    public CreditPlan Credits { get; private set; } = null!;

    public RetryHandler Retries { get; private set; } = null!;

    public string ResultsDirectory { get; private set; } = string.Empty;

    /// <summary>The MCP endpoint: ROSTRO_MCP_URL, else the mock's <c>/mcp</c>; null for a live API whose MCP endpoint is not named.</summary>
    public Uri? McpUrl { get; private set; }

    /// <summary>The MCP endpoint was named (ROSTRO_MCP_URL): the live-target rules hold for it, whatever the REST target is.</summary>
    public bool McpIsLive => Settings.McpUrl is not null;

    /// <summary>Most requests per second: ROSTRO_RATE_LIMIT, else 5 on a live target and none on a mock.</summary>
    public double? RateLimit => Settings.RateLimit ?? (IsLive ? 5 : null);

    /// <summary>How the target is described in output (never with credentials).</summary>
    public string Description => Kind switch
    {
        TargetKind.InProcessMock => $"the in-process mock at {BaseAddress}",
        TargetKind.RemoteMock => $"a Rostro mock at {BaseAddress}",
        _ => $"the live API at {BaseAddress}",
    };

    public async ValueTask InitializeAsync()
    {
        Plan = Configured is null ? RunPlan.Current : await RunPlan.ForAsync(Configured);
        Settings = Plan.Settings;
        Redactor = new Redactor(Settings.Secrets);
        if (!Plan.CanStart)
        {
            if (Configured is not null)
            {
                throw new ContractConfigurationException(Plan.Problems);
            }

            Say(RunReport.CannotStart(Plan));
            return;
        }

        ResultsDirectory = Rostro.Contracts.Tests.Evidence.ResultsDirectory.Resolve(Settings.ResultsDirectory);
        Evidence = new EvidenceWriter(Path.Combine(ResultsDirectory, "contract-evidence"), Redactor, Coverage);
        Kind = Plan.Kind;
        if (Kind == TargetKind.InProcessMock)
        {
            // Streaming fast but not instant, so TTFT and gaps are real figures; everything else as the mock's defaults.
            Mock = await MockServer.RostroMock.StartAsync(new MockServerOptions
            {
                AuditResponses = true,
                Settings = new MockSettings { TtftMs = 20, InterTokenMs = 2 },
            });
            BaseAddress = Mock.BaseAddress;
        }
        else
        {
            BaseAddress = Settings.BaseUrl!;
        }

        McpUrl = Settings.McpUrl ?? (IsLive ? null : new Uri(BaseAddress, "mcp"));
        Credits = new CreditPlan(Settings.CreditsBudget, unlimited: !IsLive);
        (Handler, Retries) = Pipeline(IsLive);
        Http = new HttpClient(Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        Started = true;
        Say(RunReport.Banner(this));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Started)
        {
            return;
        }

        await _lifetime.CancelAsync();
        await Cleanup.SweepAsync();
        WriteCoverage();
        Say(RunReport.Summary(this));
        Http?.Dispose();
        Handler?.Dispose();
        if (Mock is not null)
        {
            await Mock.DisposeAsync();
        }
    }

    /// <summary>Writes contract-coverage.md and .json next to the TRX.</summary>
    public void WriteCoverage()
    {
        if (Redactor is null)
        {
            return;
        }

        var table = Coverage.Table(Spec.Operations);
        var run = RunReport.Sections(this, table) with { Notes = Notes() };
        Directory.CreateDirectory(ResultsDirectory);
        File.WriteAllText(Path.Combine(ResultsDirectory, "contract-coverage.md"), Redactor.Redact(table.ToMarkdown(Description, run)));
        File.WriteAllText(Path.Combine(ResultsDirectory, "contract-coverage.json"), Redactor.Redact(table.ToJson(Description, run)));
        if (Timings.Count > 0)
        {
            File.WriteAllText(Path.Combine(ResultsDirectory, "contract-stream-timings.json"), Redactor.Redact(Timings.ToJson(Description)));
        }
    }

    // What the run leaves to say beyond the table: the in-process mock's own audit.
    private string Notes()
    {
        var notes = new System.Text.StringBuilder();
        if (Mock is not null && (Mock.Audit.Violations.Count > 0 || Mock.Health.UnhandledExceptions > 0))
        {
            notes.AppendLine().AppendLine("## The in-process mock's own audit").AppendLine()
                .Append("- requests that reached its exception handler: ").Append(Mock.Health.UnhandledExceptions).AppendLine();
            foreach (var violation in Mock.Audit.Violations.Take(50))
            {
                notes.Append("- answer off the spec: ").AppendLine(violation);
            }
        }

        return notes.ToString();
    }

    /// <summary>The operation a request of this target addresses.</summary>
    public SpecOperation? OperationOf(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Spec.Match(request.Method.Method, SpecPath(request.RequestUri!));
    }

    /// <summary>A URL of this target as a path of the spec (the base URL may have a path of its own).</summary>
    public string SpecPath(Uri url) => SpecPaths.Of(url, BaseAddress.AbsolutePath);

    public ContractClient Client(Caller caller) => new(this, caller);

    /// <summary>Keeps the last exchanges of the running test, for the evidence of a test that fails outside a contract check.</summary>
    internal void Remember(Exchange exchange)
    {
        if (TestContext.Current.Test?.UniqueID is not { } id)
        {
            return;
        }

        var recent = _recent.GetOrAdd(id, _ => new());
        recent.Enqueue(exchange);
        while (recent.Count > 4 && recent.TryDequeue(out _))
        {
        }
    }

    internal IReadOnlyList<Exchange> Forget(string testId) => _recent.TryRemove(testId, out var recent) ? [.. recent] : [];

    /// <summary>The first user: on a mock a fresh user (a world of its own, so tests never see each other); live: ROSTRO_TOKEN or ROSTRO_API_KEY.</summary>
    public ContractClient User() => Client(IsMock
        ? new Caller("a fresh mock user", CredentialScheme.Bearer, $"contract-{Guid.NewGuid():N}")
        : Settings.Token is { } token ? new Caller("ROSTRO_TOKEN", CredentialScheme.Bearer, token) : new Caller("ROSTRO_API_KEY", CredentialScheme.ApiKey, Settings.ApiKey));

    /// <summary>A second user (another world on a mock; ROSTRO_TOKEN_2 live), or a skip saying why there is none.</summary>
    public ContractClient SecondUser()
    {
        if (IsMock)
        {
            return User();
        }

        if (Settings.Token2 is null)
        {
            Skip("needs a second user on the live target: set ROSTRO_TOKEN_2");
        }

        return Client(new Caller("ROSTRO_TOKEN_2", CredentialScheme.Bearer, Settings.Token2));
    }

    public ContractClient Anonymous() => Client(Caller.Anonymous);

    /// <summary>Ends the running check as "could not run", with a reason the run's summary groups by.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Skip(string reason)
    {
        if (TestContext.Current.Test?.UniqueID is { } id)
        {
            Outcomes.SkipReason(id, reason);
        }

        Assert.Skip(reason);
    }

    /// <summary>Stands behind a gate at run time too (discovery left the check out already; a self-test that calls a check directly meets it here).</summary>
    public void Require(Gate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (!gate.Opens(Kind, Settings))
        {
            Skip($"{Gate.Heading(gate.Kind)}: {gate.Reason}.");
        }
    }

    /// <summary>A username of the caller as the target knows it (mock: <c>You</c>, which names the caller; live: <c>GET /api/self</c>).</summary>
    public Task<string?> UsernameAsync(ContractClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (IsMock)
        {
            return Task.FromResult<string?>("You");
        }

        return Cached(_usernames, client.Caller.Name, () => SelfAsync(client, Lifetime));
    }

    /// <summary>A project of the caller: for the first user ROSTRO_PROJECT_ID, else the first project of the caller's profile; null when neither is known.</summary>
    public Task<long?> ProjectIdAsync(ContractClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (IsMock)
        {
            return Task.FromResult<long?>(172700);
        }

        if (Settings.ProjectId is { } configured && client.Caller.Name is "ROSTRO_TOKEN" or "ROSTRO_API_KEY")
        {
            return Task.FromResult<long?>(configured);
        }

        return Cached(_projects, client.Caller.Name, async () => (await ProfileProjectsAsync(client)) is [var first, ..] ? first : (long?)null);
    }

    /// <summary>Cancelled when the run ends: the run's own look-ups (a username, a project) outlive the check that first asked.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>The owners the caller may have lore items under, in the order they are tried: its user id (<c>GET /api/self</c>), then its projects (the spec leaves open which an owner is, CURATION 30).</summary>
    public async Task<IReadOnlyList<long>> LoreOwnerCandidatesAsync(ContractClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var candidates = new List<long>();
        var self = await client.GetAsync("/api/self", cancellationToken: Lifetime);
        if (self.Status == 200 && self.Json?["id"] is JsonValue id && id.TryGetValue<long>(out var userId))
        {
            candidates.Add(userId);
        }

        if (await ProjectIdAsync(client) is { } project)
        {
            candidates.Add(project);
        }

        candidates.AddRange((await ProfileProjectsAsync(client)).Take(5));
        return [.. candidates.Distinct()];
    }

    /// <summary>The IDs of the projects on the caller's profile (<c>GET /api/users/{me}?include_projects=true</c>), asked once per caller; empty when its username is unknown.</summary>
    public Task<IReadOnlyList<long>> ProfileProjectsAsync(ContractClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Cached(_profileProjects, client.Caller.Name, async () =>
        {
            if (await UsernameAsync(client) is not { } me)
            {
                return (IReadOnlyList<long>)[];
            }

            var profile = await client.GetAsync($"/api/users/{Uri.EscapeDataString(me)}?include_projects=true", cancellationToken: Lifetime);
            return [.. (profile.Json?["projects"] as JsonArray ?? []).Select(p => p?["id"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : (long?)null).OfType<long>()];
        });
    }

    /// <summary>The status the operation's valid request answers here, asked once per run (a live target's data decides whether a look-up finds anything).</summary>
    public Task<int> BaseStatusAsync(SpecOperation operation, Func<Task<Checks.Exchange>> send)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(send);
        return Cached(_baseStatus, operation.OperationId, async () => (await send()).Status);
    }

    /// <summary>A lore owner the target accepts from the caller in listings: the first candidate <c>GET /lore/items</c> answers (a server error stops the search, so a check reports it).</summary>
    public Task<long?> LoreOwnerAsync(ContractClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (IsMock)
        {
            return Task.FromResult<long?>(123);
        }

        return Cached(_loreOwners, client.Caller.Name, () => DiscoverLoreOwnerAsync(client));
    }

    // Of the owners listed for the caller, one with items if there is one (a filter on it can then be seen to hold).
    private async Task<long?> DiscoverLoreOwnerAsync(ContractClient client)
    {
        long? accepted = null;
        foreach (var owner in await LoreOwnerCandidatesAsync(client))
        {
            var answer = await client.GetAsync($"/lore/items?owner_ids={owner}", cancellationToken: Lifetime);
            if (answer.Status >= 500 || (answer.Status is >= 200 and < 300 && answer.Json?["items"] is JsonArray { Count: > 0 }))
            {
                return owner;
            }

            accepted ??= answer.Status is >= 200 and < 300 ? owner : null;
        }

        return accepted;
    }

    // One look-up per key for the whole run; a look-up that failed is forgotten, so the next check asks again (and reports).
    private Task<T> Cached<T>(Dictionary<string, Task<T>> cache, string key, Func<Task<T>> ask)
    {
        lock (_gate)
        {
            if (cache.TryGetValue(key, out var known) && !known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            return cache[key] = ask();
        }
    }

    private static async Task<string?> SelfAsync(ContractClient client, CancellationToken lifetime)
    {
        var self = await client.GetAsync("/api/self", cancellationToken: lifetime);
        return self.Status == 200 ? Checks.Pointer.Text(self.Json, "/username") : null;
    }

    // The handler chain every request passes, outermost first.
    private (HttpMessageHandler Handler, RetryHandler Retries) Pipeline(bool isLive)
    {
        var basePath = BaseAddress.AbsolutePath;
        var retries = new RetryHandler
        {
            InnerHandler = new TimeoutHandler(Settings.Timeout, basePath)
            {
                InnerHandler = new RecordingHandler(Coverage, basePath, McpUrl, (request, sent, response, body) => Remember(new Exchange(Evidence, null, request, sent, response, body, RecordingHandler.Since(request, System.Diagnostics.Stopwatch.GetTimestamp()))))
                {
                    InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AutomaticDecompression = DecompressionMethods.All },
                },
            },
        };
        var handler = new SafetyHandler(new SafetyPolicy(isLive, Settings.AllowDestructive, Credits, Cleanup, basePath, Settings.McpUrl))
        {
            InnerHandler = new CleanupHandler(this)
            {
                InnerHandler = new RateLimitHandler(RateLimit) { InnerHandler = retries },
            },
        };
        return (handler, retries);
    }

    private void Say(string text)
    {
        Console?.OnMessage(new DiagnosticMessage(Redactor.Redact(text)));
    }
}

/// <summary>Where a request of the target goes, as the spec writes paths: the base URL may have a path of its own (<c>https://host/rostro/</c>), which no spec path holds.</summary>
public static class SpecPaths
{
    public static string Of(Uri url, string basePath)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(basePath);
        var path = url.AbsolutePath;
        var root = basePath.TrimEnd('/');
        return root.Length > 0 && path.StartsWith(root, StringComparison.Ordinal) ? "/" + path[root.Length..].TrimStart('/') : path;
    }
}
