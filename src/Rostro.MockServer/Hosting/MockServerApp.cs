using System.Net;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Docs;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Pipeline;
using Rostro.MockServer.Responses;
using Rostro.Spec.Routing;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer;

/// <summary>Builds the mock's web application; shared by the command line and <see cref="RostroMock.StartAsync"/>.</summary>
internal static class MockServerApp
{
    public static async Task<WebApplication> BuildAsync(MockServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The settings given in code are held to the ranges every other way in holds them to (a header, PUT, --settings
        // only patch settings that were valid): a negative maxSequences would otherwise queue every completion for ever.
        var problems = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options.Settings, new(options.Settings), problems, validateAllProperties: true))
        {
            throw new ArgumentException($"MockServerOptions.Settings: {string.Join("; ", problems.Select(p => $"{string.Join(", ", p.MemberNames)}: {p.ErrorMessage}"))}", nameof(options));
        }

        var spec = await RostroSpec.LoadEmbeddedAsync();

        // Request processing and streaming continuations share the thread pool, whose floor is one thread per core and which
        // adds threads slowly: with 50 streams open on two cores, new requests queued behind busy pool threads reached the
        // mock 6 ms late at the median (30 ms at p90) and time to first token missed its 5 ms budget; with a floor of eight
        // threads per core, 0.6 ms (1 ms). Process-wide, so an in-process host (tests) gets it too; it only ever raises it.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8 * Environment.ProcessorCount), completionPorts);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(MockServerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        // Open streams are ended as shutdown starts (OpenStreams); anything else gets this long before Kestrel cuts it.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // The MCP SDK logs every call, and a caller's mistake (an unknown tool) as an error with its stack trace; the
        // journal records the calls, and the caller gets the error.
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Critical);

        // A start that fails (a busy port) is rethrown to the caller, which says so in one line: no logged stack trace besides.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (options.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }

        // A stream's token is written from the token clock's thread; with Kestrel's default scheduling the send then hops
        // to the thread pool, one hand-off per event. Inline, the writer sends it (and request processing runs on the
        // socket's I/O thread instead of hopping to the pool): at 500 streams the mock's CPU per event fell from 43-48 to
        // 24-31 µs (bench/streaming-capacity), at the price of about 13 % of non-streaming POST throughput (bench/wire-models;
        // /mcp holds its answers to send each in one write, McpGuard). The mock's handlers never block a thread, which is
        // what inline scheduling asks.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The pipeline enforces the body limits itself (they are settings, changeable at run time), and RequestLimits the
            // request line and header limits with the envelope: Kestrel's own, which answer with an empty body, sit above them.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MaxRequestLineSize = RequestLimits.KestrelRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimits.KestrelHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = RequestLimits.KestrelHeaderCount;
            if (options.MinRequestBodyDataRate is { } rate)
            {
                kestrel.Limits.MinRequestBodyDataRate = rate;
            }

            kestrel.AddServerHeader = false;
            foreach (var address in options.Urls is { Count: > 0 } urls ? urls : [new ListenAddress(options.Host, options.Port)])
            {
                Listen(kestrel, address.Host, address.Port);
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(spec);
        services.AddSingleton(new RouteTable(spec.Operations));
        services.AddSingleton(new DocumentedAnswers(spec));
        services.AddSingleton(new ResponseAudit(options.AuditResponses));
        services.AddSingleton(sp => new ResponseWriter(sp.GetRequiredService<DocumentedAnswers>(), sp.GetRequiredService<ResponseAudit>(), spec));
        services.AddSingleton(new MockSettingsStore(options.Settings));
        services.AddSingleton(sp => new WorldStore(sp.GetRequiredService<MockSettingsStore>(), new WorldLimits(options.MaxItemsPerCollection, options.MaxStoredBytesPerWorld), options.MaxWorlds));
        services.AddSingleton(new RequestJournal(options.JournalCapacity));
        services.AddSingleton<ServerHealth>();
        services.AddSingleton(sp => new Stubs.UserStubs(options.StubMappingsDirectory, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Rostro.MockServer.Stubs")));
        services.AddSingleton<OperationPipeline>();
        services.AddSingleton<AdminEndpoints>();
        services.AddSingleton<SpecDocument>();
        services.AddMimic();
        Mcp.McpEndpoint.AddServices(services, options);
        services.AddCors(cors => cors.AddPolicy(BrowserCors, policy => Cors(policy, options.CorsOrigins)));

        // Every handler in this assembly, so adding one is adding a class (see IOperationHandler).
        foreach (var type in typeof(MockServerApp).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOperationHandler).IsAssignableFrom(t)))
        {
            services.AddSingleton(typeof(IOperationHandler), type);
        }

        var app = builder.Build();

        // The --mappings folder, before the first request: a file the mock refuses stops the start (StubFileException),
        // and what was built is let go (the stubs' WireMock.Net server included).
        try
        {
            app.Services.GetRequiredService<Stubs.UserStubs>().LoadDirectory();
        }
        catch (Stubs.StubFileException)
        {
            await app.DisposeAsync();
            throw;
        }
        var admin = app.Services.GetRequiredService<AdminEndpoints>();
        var document = app.Services.GetRequiredService<SpecDocument>();
        var pipeline = app.Services.GetRequiredService<OperationPipeline>();
        var writer = app.Services.GetRequiredService<ResponseWriter>();
        var streams = app.Services.GetRequiredService<Mimic.OpenStreams>();
        app.Lifetime.ApplicationStopping.Register(() => streams.EndAll());

        app.Use(MockIdentity.DeclareAsync);
        app.Use((http, next) => RequestLimits.EnforceAsync(http, next, writer));

        app.Map("/__admin", branch =>
        {
            // Without an admin token no web page may reach the admin API, so no browser gets a CORS grant for it either.
            if (!string.IsNullOrEmpty(options.AdminToken))
            {
                branch.UseCors(BrowserCors);
            }

            branch.Run(admin.InvokeAsync);
        });
        app.Map("/openapi.yaml", branch =>
        {
            branch.UseCors(BrowserCors);
            branch.Run(document.InvokeAsync);
        });
        app.Map("/docs", branch =>
        {
            branch.Use((http, next) =>
            {
                // "/docs" → "/docs/index.html": SwaggerUI's own redirect is relative and would leave the branch.
                if (http.Request.Path.Value is null or "" or "/")
                {
                    http.Response.Redirect($"{http.Request.PathBase}/index.html");
                    return Task.CompletedTask;
                }

                return next(http);
            });
            branch.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = string.Empty;
                ui.DocumentTitle = "Rostro API (mock)";
                ui.SwaggerEndpoint("/openapi.yaml", "Rostro API (mock)");
            });
        });
        Mcp.McpEndpoint.Map(app, BrowserCors, pipeline.InvokeAsync);
        app.UseCors(BrowserCors);
        app.Run(pipeline.InvokeAsync);
        return app;
    }

    private const string BrowserCors = "browsers";

    // Browser front ends on another origin (a dev server on :3000) must reach the mock. Credentials travel in headers
    // (Authorization, CH-API-KEY, samwise), which needs no cookie grant: "*" without credentials serves them and lets no
    // page ride on a cookie. Teams that name their origins get exactly those, with credentials.
    private static void Cors(Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder policy, IReadOnlyList<string>? origins)
    {
        if (origins is { Count: > 0 })
        {
            policy.WithOrigins([.. origins]).AllowCredentials();
        }
        else
        {
            policy.AllowAnyOrigin();
        }

        policy.AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders("Allow", "Retry-After", "WWW-Authenticate", "Mcp-Session-Id", "Mcp-Protocol-Version")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot bind "localhost" to a dynamic port; loopback IPv4 is what a free-port test wants.
            if (port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                kestrel.ListenLocalhost(port);
            }
        }
        else if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(port);
        }
        else
        {
            kestrel.Listen(IPAddress.TryParse(host, out var address) ? address : throw new ArgumentException($"--host must be an IP address or 'localhost', not '{host}'."), port);
        }
    }
}
