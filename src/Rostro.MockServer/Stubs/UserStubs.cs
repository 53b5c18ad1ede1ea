using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Net.Http.Headers;
using Rostro.MockServer.Errors;
using WireMock.Admin.Mappings;
using WireMock.Server;
using WireMock.Settings;

namespace Rostro.MockServer.Stubs;

/// <summary>Your own WireMock stubs on the mock: WireMock.Net decides which stub a request matches and what it answers.</summary>
/// <remarks>
/// <para>
/// The stubs live in a WireMock.Net server of the mock's own, started on 127.0.0.1 with the first stub (not before: while no
/// stub is loaded, <see cref="Active"/> is false and the pipeline pays one field read). While stubs are loaded every API
/// request is passed to it; WireMock.Net matches it against the stubs with its own matchers, priorities and scenarios, and
/// answers it with its own response builder (status, headers, body, templating, delays, faults). When it matched no stub
/// (it says so for each request in its <see cref="StubLogger"/>, correlated by <see cref="CorrelationHeader"/>), its 404 is
/// dropped and the request goes on to the spec-driven, stateful pipeline as if nothing had happened.
/// </para>
/// <para>
/// That server has no admin API of its own (nothing else on the machine can change its stubs, and it matches no admin
/// mappings on every request): the mock's <c>/__admin/mappings</c> routes, behind its own admin checks, change it through
/// WireMock.Net's API, after <see cref="StubRules"/> has refused what would make the mock read files or call out. Every
/// way in goes through <see cref="Add"/>, which holds the bound (<see cref="StubRules.MaxStubs"/>) and adds a batch whole
/// or not at all. It keeps no request log: the mock's journal names the stub that answered.
/// </para>
/// </remarks>
public sealed class UserStubs : IDisposable
{
    /// <summary>Carries a per-request id to the WireMock.Net server, to learn from its log which stub (if any) matched.</summary>
    public const string CorrelationHeader = "X-Rostro-Stub-Request";

    // Hop-by-hop headers (RFC 9110 §7.6.1), those each server sets itself, and ours: copied neither way.
    private static readonly HashSet<string> s_notCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.TE, HeaderNames.Trailer,
        HeaderNames.Upgrade, HeaderNames.ProxyAuthenticate, HeaderNames.ProxyAuthorization, HeaderNames.Expect,
        HeaderNames.Server, HeaderNames.Date, CorrelationHeader,
    };

    // Set by HttpClient on the forwarded request from its content and URI (Host is then given explicitly).
    private static readonly HashSet<string> s_setByClient = new(StringComparer.OrdinalIgnoreCase) { HeaderNames.Host, HeaderNames.ContentLength };

    private readonly ConcurrentDictionary<string, TaskCompletionSource<StubMatch?>> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lifecycle = new();
    private readonly string? _directory;
    private WireMockServer? _server;
    private HttpClient? _http;
    private volatile bool _active;
    private bool _disposed;
    private long _requests;

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

    /// <summary>Stubs loaded.</summary>
    public int Count => _server?.Mappings.Count ?? 0;

    /// <summary>The stubs, in WireMock.Net's mapping model (as <c>GET /__admin/mappings</c> shows them).</summary>
    public IReadOnlyList<MappingModel> Models => _server?.MappingModels ?? [];

    /// <summary>Loads every <c>*.json</c> file of the <c>--mappings</c> folder (in name order): all of them, or none.</summary>
    /// <returns>The number of stubs loaded.</returns>
    /// <exception cref="StubFileException">The folder or a file cannot be read, a file is not WireMock mapping JSON, uses what <see cref="StubRules"/> refuses, or WireMock.Net cannot build one of its mappings.</exception>
    internal int LoadDirectory()
    {
        var (models, files) = ReadDirectory();
        AddFiles(models, files);
        return models.Count;
    }

    /// <summary>Every stub removed and every scenario back to its start, then the <c>--mappings</c> folder loaded again; when the folder cannot be loaded, nothing changes.</summary>
    /// <exception cref="StubFileException">As <see cref="LoadDirectory"/>; the stubs are then those before the call.</exception>
    internal int Reset()
    {
        var (models, files) = ReadDirectory();
        lock (_lifecycle)
        {
            var before = Models.ToList();
            DeleteAll();
            try
            {
                AddFiles(models, files);
            }
            catch (StubFileException)
            {
                DeleteAll();
                Add(before, "file", isArray: true);
                throw;
            }

            return models.Count;
        }
    }

    private void AddFiles(List<MappingModel> models, List<string> files)
    {
        if (Add(models, "file", isArray: true) is { } refusal)
        {
            // The loc names the mapping's place among all of the folder's: say which file it came from.
            var file = refusal.Loc is [_, int index, ..] ? files[index] : _directory!;
            throw new StubFileException(file, refusal.Msg);
        }
    }

    // The folder's mappings, each with the file it came from; nothing is added here.
    private (List<MappingModel> Models, List<string> Files) ReadDirectory()
    {
        var models = new List<MappingModel>();
        var origins = new List<string>();
        if (_directory is null)
        {
            return (models, origins);
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
            origins.AddRange(check.Models.Select(_ => file));
        }

        return (models, origins);
    }

    /// <summary>Adds (or, by id, replaces) stubs: all of them, or none when the bound would be passed or WireMock.Net refuses one.</summary>
    /// <param name="models">Mappings accepted by <see cref="StubRules.Check"/>; those without an id are given one (written back).</param>
    /// <param name="root">First element of a refusal's <c>loc</c>.</param>
    /// <param name="isArray">Whether they came as a JSON array (a refusal's <c>loc</c> then names the index).</param>
    /// <returns>Null when added; otherwise why nothing was.</returns>
    internal ValidationDetail? Add(IReadOnlyList<MappingModel> models, string root, bool isArray)
    {
        ArgumentNullException.ThrowIfNull(models);
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

            var done = new List<Guid>(models.Count);
            for (var i = 0; i < models.Count; i++)
            {
                var model = models[i];
                model.Guid ??= Guid.NewGuid();
                try
                {
                    server.WithMapping(model);
                    done.Add(model.Guid.Value);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // WireMock.Net could not build it (an unknown matcher, a bad pattern): undo this batch, put back what it replaced.
                    foreach (var id in done)
                    {
                        server.DeleteMapping(id);
                        if (previous.TryGetValue(id, out var replaced))
                        {
                            server.WithMapping(replaced);
                        }
                    }

                    Refresh();
                    object[] at = isArray ? [root, i] : [root];
                    return new ValidationDetail(at, $"WireMock.Net cannot use this mapping: {e.Message}", "value_error");
                }
            }

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
        if (_server is not { } server || _http is not { } client)
        {
            return null;
        }

        try
        {
            return await AnswerAsync(http, body, server, client);
        }
        catch (ObjectDisposedException)
        {
            // Stopping (Dispose ran after Active was read): no stub answers now.
            return null;
        }
    }

    private async Task<StubMatch?> AnswerAsync(HttpContext http, byte[]? body, WireMockServer server, HttpClient client)
    {
        var id = Interlocked.Increment(ref _requests).ToString(CultureInfo.InvariantCulture);
        var matched = new TaskCompletionSource<StubMatch?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = matched;
        try
        {
            using var forward = Forward(http.Request, server.Url!, body);
            forward.Headers.TryAddWithoutValidation(CorrelationHeader, id);
            HttpResponseMessage answer;
            try
            {
                answer = await client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            }
            catch (HttpRequestException) when (Matched(matched) is { } stub)
            {
                // A stub's answer that broke off before its headers: so does ours.
                http.Abort();
                return stub;
            }
            catch (HttpRequestException e)
            {
                // WireMock.Net did not take the request (it is stopping, say): no stub answered, the mock does.
                Logger.LogWarning("The stubs' WireMock.Net server did not answer {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path.Value, e.Message);
                return null;
            }

            using (answer)
            {
                // WireMock.Net logs a request (with the stub it matched, or none) before it writes the answer.
                if (Matched(matched) is not { } stub)
                {
                    return null;
                }

                await CopyAsync(answer, http);
                return stub;
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Stops the WireMock.Net server, if it started.</summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            _disposed = true;
            _active = false;
            _http?.Dispose();
            _server?.Stop();
            _server?.Dispose();
            _server = null;
            _http = null;
        }
    }

    internal void Logged(string? requestId, Guid? mappingGuid, string? mappingTitle)
    {
        if (requestId is not null && _pending.TryGetValue(requestId, out var matched))
        {
            matched.TrySetResult(mappingGuid is { } guid ? new StubMatch(guid, mappingTitle) : null);
        }
    }

    private static StubMatch? Matched(TaskCompletionSource<StubMatch?> matched) =>
        matched.Task.IsCompletedSuccessfully ? matched.Task.Result : null;

    private void Refresh() => _active = _server is { Mappings.Count: > 0 };

    private WireMockServer Server()
    {
        lock (_lifecycle)
        {
            if (_server is { } running)
            {
                return running;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);

            var server = WireMockServer.Start(new WireMockServerSettings
            {
                Urls = ["http://127.0.0.1:0"],
                StartAdminInterface = false,
                ReadStaticMappings = false,
                WatchStaticMappings = false,
                SaveUnmatchedRequests = false,
                MaxRequestLogCount = 0,
                Logger = new StubLogger(this),
            });
            _http = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            })
            {
                // A stub's delay is the user's; the caller leaving (RequestAborted) is what ends a wait.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _server = server;
            return server;
        }
    }

    private static HttpRequestMessage Forward(HttpRequest request, string baseUrl, byte[]? body)
    {
        var target = baseUrl + (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body is not null || request.ContentType is not null)
        {
            forward.Content = new ByteArrayContent(body ?? []);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (s_notCopied.Contains(name) || s_setByClient.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (request.Host.HasValue)
        {
            forward.Headers.Host = request.Host.Value;
        }

        return forward;
    }

    private static async Task CopyAsync(HttpResponseMessage answer, HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!s_notCopied.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        try
        {
            await answer.Content.CopyToAsync(response.Body, http.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            // The stub's answer broke off (a fault, or a chunked dribble cut): so does ours.
            http.Abort();
        }
    }
}

/// <summary>The stub that answered a request (shown in the journal).</summary>
/// <param name="Id">Its WireMock mapping id.</param>
/// <param name="Title">Its title, if it has one.</param>
public sealed record StubMatch(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] Guid Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("title")] string? Title);

/// <summary>A <c>--mappings</c> file the mock will not load.</summary>
internal sealed class StubFileException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>The file (or the folder).</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}
