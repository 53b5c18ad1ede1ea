using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using Rostro.MockServer.Auth;
using Rostro.MockServer.Responses;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Mcp;

/// <summary><c>/mcp</c>: the official MCP SDK's Streamable HTTP transport, behind the transport rules the SDK leaves to the server (origin, host, credential, sessions ended by a reset).</summary>
internal static class McpEndpoint
{
    /// <summary>Where the MCP server answers.</summary>
    public const string Path = "/mcp";

    // ASP.NET Core's key for the application's own endpoint builder: a branch that keeps it would add its endpoints to the
    // application's, and the application would then route every request (REST included) before the pipeline.
    private const string GlobalEndpointRouteBuilderKey = "__GlobalEndpointRouteBuilder";

    public static void AddServices(IServiceCollection services, MockServerOptions options)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<McpTools>();
        services.AddSingleton<McpSessions>();
        services.AddMcpServer(server =>
            {
                server.ServerInfo = new Implementation
                {
                    Name = "rostro-mock",
                    Title = "Rostro API (mock)",
                    Version = typeof(McpEndpoint).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
                };
                server.ServerInstructions =
                    "The Rostro API's operations as tools, over the same per-credential worlds as its REST API. Send the credential "
                    + "as on REST (Authorization: Bearer <token>, CH-API-KEY or samwise); without one only the public tools answer. "
                    + "A failed operation answers isError with the API's error envelope; _meta['dev.rostro/status'] is its HTTP status.";
                server.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } };

                // The handlers need only singletons: no service scope per request.
                server.ScopeRequests = false;
            })
            .WithHttpTransport(transport =>
            {
                // Stateful: initialize-handshake clients get sessions, and newer revisions' requests are answered without one.
                transport.SessionMode = options.McpStateless ? HttpServerSessionMode.Stateless : HttpServerSessionMode.StatefulForInitializeClients;
            })
            .WithListToolsHandler((request, _) => request.Services!.GetRequiredService<McpTools>().ListAsync(request))
            .WithCallToolHandler((request, cancellationToken) => request.Services!.GetRequiredService<McpTools>().CallAsync(request, cancellationToken));
    }

    /// <summary>The <c>/mcp</c> branch: CORS, the guard, then the SDK's endpoints; anything else under <c>/mcp</c> is the API's 404.</summary>
    public static void Map(WebApplication app, string corsPolicy, RequestDelegate fallback)
    {
        var guard = new McpGuard(app.Services.GetRequiredService<McpSessions>(), app.Services.GetRequiredService<ResponseWriter>(), app.Services.GetRequiredService<MockServerOptions>());
        app.MapWhen(http => http.Request.Path.StartsWithSegments(Path), branch =>
        {
            branch.Properties.Remove(GlobalEndpointRouteBuilderKey);
            branch.UseCors(corsPolicy);
            branch.Use(guard.InvokeAsync);
            branch.UseRouting();
            branch.UseEndpoints(endpoints => endpoints.MapMcp(Path));
            branch.Run(fallback);
        });
    }
}

/// <summary>The MCP sessions begun since the last reset: <c>POST /__admin/reset</c> ends them all (a client then initializes again).</summary>
/// <remarks>
/// A session unseen for longer than the SDK keeps an idle one is forgotten, so the set stays as small as the SDK's. A reset
/// ends sessions for their clients (its POSTs and GETs answer 404, so the client initializes again); the SDK's own
/// session object is let go when it idles out, as the SDK offers no public way to end one.
/// </remarks>
internal sealed class McpSessions
{
    private static readonly TimeSpan s_idle = TimeSpan.FromHours(2);
    private readonly ConcurrentDictionary<string, long> _open = new(StringComparer.Ordinal);

    /// <summary>Sessions begun and not ended.</summary>
    public int Count => _open.Count;

    internal void Begin(string id)
    {
        var now = Environment.TickCount64;
        if (_open.Count >= 1000)
        {
            foreach (var (stale, seen) in _open)
            {
                if (now - seen > s_idle.TotalMilliseconds)
                {
                    _open.TryRemove(stale, out _);
                }
            }
        }

        _open[id] = now;
    }

    internal void End(string id) => _open.TryRemove(id, out _);

    // Open, and seen now (never brought back once a reset cleared it).
    internal bool Touch(string id)
    {
        while (_open.TryGetValue(id, out var seen))
        {
            if (_open.TryUpdate(id, Environment.TickCount64, seen))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends every session.</summary>
    public void Clear() => _open.Clear();
}

/// <summary>The Streamable HTTP transport's rules the SDK leaves to the server.</summary>
/// <remarks>
/// An <c>Origin</c> that is not the machine's own (or one of <c>--cors-origins</c>) is refused with 403, as the transport rules
/// require against DNS rebinding; while the mock listens on loopback only, so is a <c>Host</c> that names another machine (a
/// rebound name; listening on other interfaces, the mock cannot know its names, and the Origin check stands alone). A
/// credential the API would refuse is refused here with its 401 (no credential is no refusal: the public tools answer). A
/// session a reset ended is 404, so the client initializes again; a DELETE goes to the SDK whatever the session. A POST's
/// answer is sent whole, with its length.
/// </remarks>
internal sealed class McpGuard(McpSessions sessions, ResponseWriter writer, MockServerOptions options)
{
    private const string SessionHeader = "Mcp-Session-Id";

    // The first revision without sessions (SEP-2567): its requests carry none the guard should know.
    private const string SessionlessRevision = "2026-07-28";

    private readonly bool _loopbackOnly = (options.Urls is { Count: > 0 } urls ? urls.Select(u => u.Host) : [options.Host]).All(Admin.AdminAccess.IsLoopbackHost);

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (request.Headers.Origin is { Count: > 0 } origin && !AllowedOrigin(origin.ToString()))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, -32000, $"Origin '{origin}' may not call this MCP server (DNS rebinding protection); allowed: the machine's own origins{(options.CorsOrigins is { Count: > 0 } named ? " and " + string.Join(", ", named) : string.Empty)}.");
            return;
        }

        if (_loopbackOnly && !Admin.AdminAccess.IsLoopbackHost(request.Host.Host))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, -32000, $"Host '{request.Host.Host}' is not this machine: the mock listens on loopback only (DNS rebinding protection).");
            return;
        }

        var credential = Credential.Read(request.Headers);
        if (credential.Status == CredentialStatus.Invalid)
        {
            await writer.WriteErrorAsync(http, null, StatusCodes.Status401Unauthorized, $"Invalid credentials: {credential.Problem}", ErrorCodes.InvalidCredentials);
            return;
        }

        var sessionful = !options.McpStateless && string.CompareOrdinal(request.Headers["MCP-Protocol-Version"].ToString(), SessionlessRevision) < 0;
        var session = sessionful ? request.Headers[SessionHeader].ToString() : string.Empty;
        if (session.Length > 0 && !HttpMethods.IsDelete(request.Method) && !sessions.Touch(session))
        {
            await RefuseAsync(http, StatusCodes.Status404NotFound, -32001, "Session not found: it ended (POST /__admin/reset ends every session) or never was; initialize again.");
            return;
        }

        if (session.Length == 0 && sessionful)
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.Headers[SessionHeader].ToString() is { Length: > 0 } begun)
                {
                    sessions.Begin(begun);
                }

                return Task.CompletedTask;
            });
        }

        if (HttpMethods.IsPost(request.Method))
        {
            await AnswerWholeAsync(http, next);
        }
        else
        {
            await next(http);
        }

        if (session.Length > 0 && HttpMethods.IsDelete(request.Method))
        {
            sessions.End(session);
        }
    }

    // The SDK answers a POSTed request as an SSE stream and flushes its headers and each event as written; with Kestrel
    // sending inline (MockServerApp) every flush is a send of its own, and the chunked body's end another. The mock's tools
    // send nothing before their result (no progress, no request to the client), so the answer is held and written once,
    // with its length: Kestrel sends headers and answer together when the request ends (bench/mcp-tools: tools/call 0.41
    // -> 0.48 x the REST GET it wraps, ping 0.57 -> 0.75). A GET's stream, open for the server's messages, is never held.
    // The headers wait for the answer: a tool call under a long delay setting sends nothing until it is done.
    private static async Task AnswerWholeAsync(HttpContext http, RequestDelegate next)
    {
        var socket = http.Response.Body;
        using var held = new MemoryStream();
        http.Response.Body = held;
        try
        {
            await next(http);

            // What was written without a flush (the API's own answers under /mcp, ResponseWriter) reaches the held body
            // too; completing the holding feature returns its buffers, never Kestrel's.
            await http.Response.CompleteAsync();
        }
        finally
        {
            http.Response.Body = socket;
        }

        if (!http.RequestAborted.IsCancellationRequested)
        {
            http.Response.ContentLength = held.Length;
            http.Response.BodyWriter.Write(held.GetBuffer().AsSpan(0, (int)held.Length));
        }
    }

    private bool AllowedOrigin(string origin) =>
        (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && Admin.AdminAccess.IsLoopbackHost(uri.Host))
        || options.CorsOrigins?.Contains(origin, StringComparer.OrdinalIgnoreCase) == true;

    // A JSON-RPC error without an id: the transport refused the request before reading a message.
    private static Task RefuseAsync(HttpContext http, int status, int code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["error"] = new System.Text.Json.Nodes.JsonObject { ["code"] = code, ["message"] = message },
            ["id"] = null,
        }.ToJsonString());
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body).AsTask();
    }
}
