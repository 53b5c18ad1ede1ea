using Newtonsoft.Json.Linq;
using Rostro.MockServer.Errors;
using WireMock.Admin.Mappings;
using WireMock.Server;
using WireMock.Settings;

namespace Rostro.MockServer.Stubs;

/// <summary>Your own WireMock stubs on the mock: WireMock.Net decides which stub a request matches and what it answers.</summary>
/// <remarks>
/// <para>
/// The stubs live in a WireMock.Net server of the mock's own, started with the first stub (not before: while no stub is
/// loaded, <see cref="Active"/> is false and the pipeline pays one field read). A request that some stub's method and path
/// can match (<see cref="MayMatch"/>, WireMock.Net's own matchers, see <see cref="StubCandidates"/>) is handed, in this
/// process, to the application WireMock.Net's host built (its middleware: matching with its matchers, priorities and
/// scenarios, answering with its response builder: status, headers, body, templating, delays, faults). WireMock.Net logs
/// the match before it writes (<see cref="StubLogger"/>); when no stub matched, its 404 is dropped
/// (<see cref="StubExchange"/>) and the request goes on to the spec-driven, stateful pipeline as if nothing had happened.
/// Every other request never reaches WireMock.Net.
/// </para>
/// <para>
/// That server has no admin API of its own (nothing else on the machine can change its stubs, and it matches no admin
/// mappings on every request): the mock's <c>/__admin/mappings</c> routes, behind its own admin checks, change it through
/// WireMock.Net's API, after <see cref="StubRules"/> has refused what would make the mock read files or call out. Every
/// way in goes through <see cref="Add"/>, which holds the bound (<see cref="StubRules.MaxStubs"/>) and adds a batch whole
/// or not at all. It keeps no request log: the mock's journal names the stub that answered. It listens on 127.0.0.1 (its
/// host needs an address) but the mock sends it nothing over the socket.
/// </para>
/// </remarks>
internal sealed class UserStubs : IDisposable
{
    // The request being answered by WireMock.Net's middleware in this async flow, for StubLogger to hand its match to.
    private static readonly AsyncLocal<StubExchange?> s_exchange = new();

    private readonly Lock _lifecycle = new();
    // How each stub was given, by id: replaced whole under the lock, read without it (the journal's form on a stubbed request).
    private volatile IReadOnlyDictionary<Guid, StubSource> _sources = new Dictionary<Guid, StubSource>();
    private readonly string? _directory;
    private WireMockServer? _server;
    private RequestDelegate? _wireMock;
    private IServiceProvider? _services;
    private volatile bool _active;
    private long _handed;
    private volatile StubCandidates _candidates = StubCandidates.None;
    private bool _disposed;

    /// <summary>Creates the store; <paramref name="directory"/> is the <c>--mappings</c> folder, loaded by <see cref="LoadDirectory"/>.</summary>
    internal UserStubs(string? directory, ILogger logger)
    {
        _directory = directory;
        Logger = logger;
    }

    /// <summary>Where WireMock.Net's errors go (a stub that fails to answer, say).</summary>
    internal ILogger Logger { get; }

    /// <summary>Whether any stub is loaded: the only thing the pipeline asks while there is none.</summary>
    public bool Active => _active;

    /// <summary>Whether some loaded stub's method and path can match the request (see <see cref="StubCandidates"/>): only then is it sent to WireMock.Net.</summary>
    public bool MayMatch(HttpRequest request) => _candidates.MayMatch(request);

    /// <summary>Requests handed to WireMock.Net so far (those some stub's method and path could match), whether a stub then answered or not.</summary>
    public long Handed => Interlocked.Read(ref _handed);

    /// <summary>Stubs loaded.</summary>
    public int Count => _server?.Mappings.Count ?? 0;

    /// <summary>The stubs, in WireMock.Net's mapping model (as <c>GET /__admin/mappings</c> shows them).</summary>
    public IReadOnlyList<MappingModel> Models => _server?.MappingModels ?? [];

    /// <summary>The stubs as <c>GET /__admin/mappings</c> shows them: each as WireMock.Net understood it (its mapping model, which can be posted back), with what was given under <see cref="StubSource.Echo"/> (<c>Form</c>, <c>Given</c>).</summary>
    /// <param name="id">One stub's id, or null for all.</param>
    internal IReadOnlyList<JObject> Shown(Guid? id = null)
    {
        lock (_lifecycle)
        {
            return [.. Models.Where(m => id is null || m.Guid == id).Select(m =>
            {
                var json = JObject.FromObject(m, s_shown);
                if (m.Guid is { } guid && _sources.TryGetValue(guid, out var source))
                {
                    json[StubSource.Echo] = new JObject { ["Form"] = StubForms.Name(source.Form), ["Given"] = source.Mapping.DeepClone() };
                }

                return json;
            })];
        }
    }

    private static readonly Newtonsoft.Json.JsonSerializer s_shown = Newtonsoft.Json.JsonSerializer.Create(new Newtonsoft.Json.JsonSerializerSettings { NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore });

    /// <summary>Loads every <c>*.json</c> file of the <c>--mappings</c> folder (in name order): all of them, or none.</summary>
    /// <returns>The number of stubs loaded.</returns>
    /// <exception cref="StubFileException">The folder or a file cannot be read, a file is not WireMock mapping JSON, uses what <see cref="StubRules"/> refuses, or WireMock.Net cannot build one of its mappings.</exception>
    internal int LoadDirectory()
    {
        var (models, sources, files) = ReadDirectory();
        AddFiles(models, sources, files);
        return models.Count;
    }

    /// <summary>Every stub removed and every scenario back to its start, then the <c>--mappings</c> folder loaded again; when the folder cannot be loaded, nothing changes.</summary>
    /// <exception cref="StubFileException">As <see cref="LoadDirectory"/>; the stubs are then those before the call.</exception>
    internal int Reset()
    {
        var (models, sources, files) = ReadDirectory();
        lock (_lifecycle)
        {
            var before = Models.ToList();
            var beforeSources = before.Select(m => _sources[m.Guid!.Value]).ToList();
            DeleteAll();
            try
            {
                AddFiles(models, sources, files);
            }
            catch (StubFileException)
            {
                DeleteAll();
                Add(before, beforeSources, "file", isArray: true);
                throw;
            }

            return models.Count;
        }
    }

    private void AddFiles(List<MappingModel> models, List<StubSource> sources, List<string> files)
    {
        if (Add(models, sources, "file", isArray: true) is { } refusal)
        {
            // The loc names the mapping's place among all of the folder's: say which file it came from.
            var file = refusal.Loc is [_, int index, ..] ? files[index] : _directory!;
            throw new StubFileException(file, refusal.Msg);
        }
    }

    // The folder's mappings, each with the file it came from; nothing is added here.
    private (List<MappingModel> Models, List<StubSource> Sources, List<string> Files) ReadDirectory()
    {
        var models = new List<MappingModel>();
        var sources = new List<StubSource>();
        var origins = new List<string>();
        if (_directory is null)
        {
            return (models, sources, origins);
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(_directory, "*.json").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StubFileException(_directory, e.Message);
        }

        foreach (var file in files)
        {
            string text;
            try
            {
                if (new FileInfo(file).Length > StubRules.MaxMappingBytes)
                {
                    throw new StubFileException(file, $"over {StubRules.MaxMappingBytes} bytes, the most one mapping file or request may hold.");
                }

                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StubFileException(file, e.Message);
            }

            var check = StubRules.Check(text, "file");
            if (check.Problem is { } problem)
            {
                throw new StubFileException(file, problem);
            }

            models.AddRange(check.Models);
            sources.AddRange(check.Sources);
            origins.AddRange(check.Models.Select(_ => file));
        }

        return (models, sources, origins);
    }

    /// <summary>Adds (or, by id, replaces) stubs: all of them, or none when the bound would be passed or WireMock.Net refuses one.</summary>
    /// <param name="models">Mappings accepted by <see cref="StubRules.Check"/>; those without an id are given one (written back).</param>
    /// <param name="sources">Each one's form and mapping as given (<see cref="StubCheck.Sources"/>).</param>
    /// <param name="root">First element of a refusal's <c>loc</c>.</param>
    /// <param name="isArray">Whether they came as a JSON array (a refusal's <c>loc</c> then names the index).</param>
    /// <returns>Null when added; otherwise why nothing was.</returns>
    internal ValidationDetail? Add(IReadOnlyList<MappingModel> models, IReadOnlyList<StubSource> sources, string root, bool isArray)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(sources);
        if (models.Count == 0)
        {
            return null;
        }

        lock (_lifecycle)
        {
            var server = Server();
            var previous = server.MappingModels.Where(m => m.Guid is not null).ToDictionary(m => m.Guid!.Value);
            var added = models.Count(m => m.Guid is not { } id || !previous.ContainsKey(id));
            if (previous.Count + added > StubRules.MaxStubs)
            {
                return new ValidationDetail([root], $"The mock holds at most {StubRules.MaxStubs} stubs; {previous.Count} are loaded (DELETE /__admin/mappings removes them)", "too_long");
            }

            // Each mapping built by WireMock.Net, then the batch checked against what it built; any refusal takes the batch back whole.
            var done = new List<Guid>(models.Count);
            (int Index, string Why)? refusal = null;
            for (var i = 0; i < models.Count && refusal is null; i++)
            {
                models[i].Guid ??= Guid.NewGuid();
                try
                {
                    server.WithMapping(models[i]);
                    done.Add(models[i].Guid!.Value);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // WireMock.Net could not build it (an unknown matcher, a bad pattern).
                    refusal = (i, $"WireMock.Net cannot use this mapping: {e.Message}");
                }
            }

            if (refusal is null)
            {
                var built = server.Mappings.ToDictionary(m => m.Guid);
                for (var i = 0; i < models.Count && refusal is null; i++)
                {
                    if (!sources[i].MatchesEverything && StubCandidates.MatchesEveryRequest(built[models[i].Guid!.Value]) is { } method)
                    {
                        refusal = (i, $"This mapping matches every {method} request (any path, no header, no body), so it would hide the whole API. Say which requests it answers (a path, a header, a body pattern), or, to mean it, set {StubSource.MatchesEverythingOptIn(sources[i].Form)}: true");
                    }
                }
            }

            if (refusal is { } refused)
            {
                // Undo this batch, put back what it replaced.
                foreach (var id in done)
                {
                    server.DeleteMapping(id);
                    if (previous.TryGetValue(id, out var replaced))
                    {
                        server.WithMapping(replaced);
                    }
                }

                Refresh();
                object[] at = isArray ? [root, refused.Index] : [root];
                return new ValidationDetail(at, refused.Why, "value_error");
            }

            var given = new Dictionary<Guid, StubSource>(_sources);
            for (var i = 0; i < models.Count; i++)
            {
                given[models[i].Guid!.Value] = sources[i];

                // A Java WireMock scenario starts in "Started", a state of its own: a new one is put there (a running one is left where it is).
                if (sources[i].Form == StubForm.JavaWireMock && models[i].Scenario is { } scenario && server.Scenarios.All(s => s.Name != scenario))
                {
                    server.SetScenarioState(scenario, JavaMappings.ScenarioStart);
                }
            }

            _sources = given;
            Refresh();
            return null;
        }
    }

    /// <summary>Removes one stub; false when there is none with this id.</summary>
    internal bool Delete(Guid id)
    {
        lock (_lifecycle)
        {
            var removed = _server?.DeleteMapping(id) == true;
            _sources = _sources.Where(s => s.Key != id).ToDictionary();
            Refresh();
            return removed;
        }
    }

    /// <summary>Removes every stub and puts every scenario back to its start.</summary>
    internal void DeleteAll()
    {
        lock (_lifecycle)
        {
            _server?.ResetMappings();
            _server?.ResetScenarios();
            _sources = new Dictionary<Guid, StubSource>();
            Refresh();
        }
    }

    /// <summary>Answers the request from a stub when one matches it; otherwise leaves the response untouched and returns null.</summary>
    /// <param name="http">The request, whose body (when it has one) is <paramref name="body"/>.</param>
    /// <param name="body">The request body, already read, or null.</param>
    /// <returns>The stub that answered, or null when none matched.</returns>
    internal async Task<StubMatch?> TryAnswerAsync(HttpContext http, byte[]? body)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (_wireMock is not { } wireMock || _services is not { } services)
        {
            return null;
        }

        // WireMock.Net's own middleware answers a copy of the request in this process; StubLogger hands the match it logs to
        // this slot (the same async flow) before WireMock.Net writes a byte, and the response reaches the caller only if a stub matched.
        Interlocked.Increment(ref _handed);
        var slot = new StubExchange(http);
        s_exchange.Value = slot;
        try
        {
            await wireMock(slot.Context(body, services));
            await slot.CompleteAsync();
            return slot.Match is { } match && _sources.TryGetValue(match.Id, out var source) ? match with { Form = StubForms.Name(source.Form) } : slot.Match;
        }
        catch (ObjectDisposedException) when (slot.Match is null)
        {
            // Stopping (Dispose ran after Active was read): no stub answers now.
            return null;
        }
        finally
        {
            s_exchange.Value = null;
        }
    }

    /// <summary>Stops the WireMock.Net server, if it started.</summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            _disposed = true;
            _active = false;
            _wireMock = null;
            _services = null;
            _server?.Stop();
            _server?.Dispose();
            _server = null;
        }
    }

    /// <summary>What WireMock.Net logged for a request it answered: the stub it matched, or none (called before it writes the answer).</summary>
    internal static void Logged(Guid? mappingGuid, string? mappingTitle) =>
        s_exchange.Value?.Matched(mappingGuid is { } guid ? new StubMatch(guid, mappingTitle) : null);

    private void Refresh()
    {
        _candidates = _server is { } server ? StubCandidates.Of(server.Mappings) : StubCandidates.None;
        _active = _server is { Mappings.Count: > 0 };
    }

    private WireMockServer Server()
    {
        lock (_lifecycle)
        {
            if (_server is { } running)
            {
                return running;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);

            IApplicationBuilder? pipeline = null;
            var server = WireMockServer.Start(new WireMockServerSettings
            {
                Urls = ["http://127.0.0.1:0"],
                StartAdminInterface = false,
                ReadStaticMappings = false,
                WatchStaticMappings = false,
                SaveUnmatchedRequests = false,
                MaxRequestLogCount = 0,
                Logger = new StubLogger(this),
                // The application its host builds (its exception handler, CORS, its matching and answering middleware): the
                // mock runs it on each candidate request in-process, with no socket in between.
                PostWireMockMiddlewareInit = app => pipeline = (IApplicationBuilder)app,
            });
            if (pipeline is null)
            {
                server.Stop();
                server.Dispose();
                throw new InvalidOperationException("WireMock.Net did not hand over its middleware pipeline (PostWireMockMiddlewareInit).");
            }

            _wireMock = pipeline.Build();
            _services = pipeline.ApplicationServices;
            _server = server;
            return server;
        }
    }
}

/// <summary>The stub that answered a request (shown in the journal; <c>GET /__admin/mappings/{id}</c> shows it as given and as understood).</summary>
/// <param name="Id">Its WireMock mapping id.</param>
/// <param name="Title">Its title, if it has one.</param>
/// <param name="Form">The form it was given in (<c>WireMock.Net</c>, <c>Java WireMock</c>).</param>
internal sealed record StubMatch(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] Guid Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("title")] string? Title,
    [property: System.Text.Json.Serialization.JsonPropertyName("form")] string? Form = null);

/// <summary>A <c>--mappings</c> file the mock will not load.</summary>
internal sealed class StubFileException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>The file (or the folder).</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}
