using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.CommandLine;

/// <summary>The mock's command line (System.CommandLine): every option maps onto <see cref="MockServerOptions"/> / <see cref="MockSettings"/>; <c>--settings</c> is read first, then the explicit options win.</summary>
/// <remarks>Exit codes: 0 stopped, 1 could not start (port in use, bad address), 2 bad options or settings.</remarks>
internal sealed class MockCommandLine
{
    private readonly Option<int> _port = new("--port") { Description = "Port to listen on (0-65535; 0 picks a free one).", DefaultValueFactory = _ => 4010 };
    private readonly Option<string> _host = new("--host") { Description = "Address to listen on (an IP, 'localhost', or '*' for every interface).", DefaultValueFactory = _ => "127.0.0.1" };
    private readonly Option<string?> _urls = new("--urls") { Description = "Addresses to listen on, ASP.NET Core style (http://127.0.0.1:5000;http://*:5001); default from ASPNETCORE_URLS; --host and --port win." };
    private readonly Option<int?> _seed = new("--seed") { Description = "Seed of generated IDs and content (default 42)." };
    private readonly Option<string?> _adminToken = new("--admin-token") { Description = "Require this token for /__admin (and allow non-loopback admin callers)." };
    private readonly Option<int?> _ttft = new("--ttft-ms") { Description = "Streaming: time to first token, ms (default 300)." };
    private readonly Option<int?> _interToken = new("--inter-token-ms") { Description = "Streaming: delay between tokens, ms (default 40)." };
    private readonly Option<int?> _jitter = new("--jitter-ms") { Description = "Streaming: ± jitter on each delay, ms (default 0)." };
    private readonly Option<int?> _delay = new("--delay-ms") { Description = "Delay before every response, ms (default 0)." };
    private readonly Option<int?> _maxSequences = new("--max-sequences") { Description = "Load model: most completions generating at once; the others queue (default 0: off; see --settings for the rest of the load model)." };
    private readonly Option<long?> _maxBody = new("--max-body-bytes") { Description = "Largest JSON request body, bytes (default 1048576; multipart: 25 MiB, see --settings)." };
    private readonly Option<FileInfo?> _settingsFile = new("--settings") { Description = "A JSON file of settings, as GET /__admin/settings shows them." };
    private readonly Option<string?> _corsOrigins = new("--cors-origins") { Description = "Browser origins allowed to call the mock, comma-separated (granted with credentials); default any origin, without credentials." };
    private readonly Option<int> _maxWorlds = new("--max-worlds") { Description = "Most credentials (worlds) held at once.", DefaultValueFactory = _ => 256 };
    private readonly Option<bool> _mcpStateless = new("--mcp-stateless") { Description = "Serve /mcp without sessions (the MCP SDK's stateless form); by default initialize-handshake clients get sessions." };
    private readonly Option<DirectoryInfo?> _mappings = new("--mappings") { Description = "A folder of your own WireMock mapping files (*.json, Java WireMock's form or WireMock.Net's), loaded as stubs that answer before the spec (see POST /__admin/mappings)." };

    /// <summary>The root command, ready to parse and invoke.</summary>
    public RootCommand Create()
    {
        _mappings.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<DirectoryInfo?>() is { Exists: false } missing)
            {
                result.AddError($"--mappings: no folder {missing.FullName}.");
            }
        });

        var root = new RootCommand("Rostro mock server: every route of openapi/rostro.yaml with per-credential state, Prefer overrides and an admin API.")
        {
            _port, _host, _urls, _seed, _adminToken, _ttft, _interToken, _jitter, _delay, _maxSequences, _maxBody, _settingsFile, _corsOrigins, _mappings, _maxWorlds, _mcpStateless,
        };
        root.SetAction(RunAsync);
        return root;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (await SettingsAsync(parse, cancellationToken) is not { } settings)
        {
            return 2;
        }

        if (parse.GetValue(_port) is < 0 or > 65535)
        {
            await Console.Error.WriteLineAsync($"--port {parse.GetValue(_port)}: a port is between 0 and 65535 (0 picks a free one).");
            return 2;
        }

        IReadOnlyList<ListenAddress>? listen;
        try
        {
            listen = ListenAddresses(parse);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        // Read above, so ASP.NET Core must not read them again: it would warn that the mock's own endpoints override them.
        foreach (var variable in (string[])["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS"])
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var options = new MockServerOptions
        {
            Host = parse.GetValue(_host)!,
            Port = parse.GetValue(_port),
            Urls = listen,
            AdminToken = parse.GetValue(_adminToken),
            CorsOrigins = parse.GetValue(_corsOrigins)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Settings = settings,
            MaxWorlds = parse.GetValue(_maxWorlds),
            StubMappingsDirectory = parse.GetValue(_mappings)?.FullName,
            McpStateless = parse.GetValue(_mcpStateless),
            MinimumLogLevel = LogLevel.Information,
        };

        WebApplication app;
        try
        {
            app = await MockServerApp.BuildAsync(options);
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {e.Message.TrimEnd('.')} (another mock, or another server?); choose another port with --port.");
            return 1;
        }
        catch (Rostro.MockServer.Stubs.StubFileException e)
        {
            await Console.Error.WriteLineAsync($"--mappings: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {e.Message}");
            return 1;
        }

        var streams = Banner(app, options);
        await app.WaitForShutdownAsync(cancellationToken);
        Console.WriteLine(streams.Ended == 0 ? "Stopped." : $"Stopped; {streams.Ended} open stream(s) ended.");
        return 0;
    }

    // --settings, then the explicit options over it; null (after saying why on stderr) when they are refused.
    private async Task<MockSettings?> SettingsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var patch = new JsonObject();
        if (parse.GetValue(_settingsFile) is { } file)
        {
            try
            {
                if (JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken)) is not JsonObject fromFile)
                {
                    await Console.Error.WriteLineAsync($"{file.FullName}: expected a JSON object of settings.");
                    return null;
                }

                patch = fromFile;
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{file.FullName}: {e.Message}");
                return null;
            }
        }

        void Set<T>(string name, T? value) where T : struct
        {
            if (value is { } v)
            {
                patch[name] = JsonValue.Create(v);
            }
        }

        Set("seed", parse.GetValue(_seed));
        Set("ttftMs", parse.GetValue(_ttft));
        Set("interTokenMs", parse.GetValue(_interToken));
        Set("jitterMs", parse.GetValue(_jitter));
        Set("delayMs", parse.GetValue(_delay));
        Set("maxBodyBytes", parse.GetValue(_maxBody));
        Set("maxSequences", parse.GetValue(_maxSequences));

        var settings = MockSettingsJson.Apply(new MockSettings(), patch, "settings", out var problems);
        foreach (var problem in settings is null ? problems : [])
        {
            await Console.Error.WriteLineAsync($"{string.Join('.', problem.Loc.Skip(1))}: {problem.Msg}");
        }

        return settings;
    }

    // Explicit --host/--port win; else --urls; else ASPNETCORE_URLS (what every ASP.NET Core user tries first); else the defaults.
    // Null: --host and --port. A bad list throws a FormatException naming where it came from.
    private IReadOnlyList<ListenAddress>? ListenAddresses(ParseResult parse)
    {
        var explicitAddress = parse.GetResult(_host) is { Implicit: false } || parse.GetResult(_port) is { Implicit: false };
        var urlList = parse.GetValue(_urls) is { Length: > 0 } given ? ("--urls", given) : Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } fromEnvironment ? ("ASPNETCORE_URLS", fromEnvironment) : default;
        if (explicitAddress || urlList.Item2 is not { } list)
        {
            return null;
        }

        try
        {
            return ListenAddress.ParseList(list);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{urlList.Item1}: {e.Message}", e);
        }
    }

    // What the mock serves and where, once it listens; the open streams, for the goodbye.
    private static Mimic.OpenStreams Banner(WebApplication app, MockServerOptions options)
    {
        var reported = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://{options.Host}:{options.Port}";
        var url = ListenAddress.Clickable(reported, out var everyInterface);
        var streams = app.Services.GetRequiredService<Rostro.MockServer.Mimic.OpenStreams>();
        var stubCount = app.Services.GetRequiredService<Rostro.MockServer.Stubs.UserStubs>().Count;
        app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine(streams.Open == 0 ? "Stopping." : $"Stopping: ending {streams.Open} open stream(s)."));
        Console.WriteLine($"""
            Rostro mock server listening on {url}{(everyInterface ? " (every interface)" : string.Empty)}
              API docs:  {url}/docs
              Spec:      {url}/openapi.yaml
              Admin:     {url}/__admin/settings ({(options.AdminToken is null ? "loopback only" : "admin token required")})
              MCP:       {url}/mcp (Streamable HTTP, {app.Services.GetRequiredService<Rostro.MockServer.Mcp.McpTools>().Listed.Count} tools, {(options.McpStateless ? "stateless" : "sessions")}; the same credentials and worlds as REST)
              Stubs:     {url}/__admin/mappings (WireMock.Net mappings of your own{(stubCount > 0 ? $"; {stubCount} loaded from {options.StubMappingsDirectory}" : string.Empty)})
              Try:       curl -H "Authorization: Bearer my-token" {url}/v1/models
            Press Ctrl+C to stop.
            """);
        return streams;
    }
}
