using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Rostro.MockServer;
using Rostro.MockServer.Settings;

// The command line: every option maps onto MockServerOptions / MockSettings; --settings is read first, then the explicit options win.
var port = new Option<int>("--port") { Description = "Port to listen on (0-65535; 0 picks a free one).", DefaultValueFactory = _ => 4010 };
var host = new Option<string>("--host") { Description = "Address to listen on (an IP, 'localhost', or '*' for every interface).", DefaultValueFactory = _ => "127.0.0.1" };
var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, ASP.NET Core style (http://127.0.0.1:5000;http://*:5001); default from ASPNETCORE_URLS; --host and --port win." };
var seed = new Option<int?>("--seed") { Description = "Seed of generated IDs and content (default 42)." };
var adminToken = new Option<string?>("--admin-token") { Description = "Require this token for /__admin (and allow non-loopback admin callers)." };
var ttft = new Option<int?>("--ttft-ms") { Description = "Streaming: time to first token, ms (default 300)." };
var interToken = new Option<int?>("--inter-token-ms") { Description = "Streaming: delay between tokens, ms (default 40)." };
var jitter = new Option<int?>("--jitter-ms") { Description = "Streaming: ± jitter on each delay, ms (default 0)." };
var delay = new Option<int?>("--delay-ms") { Description = "Delay before every response, ms (default 0)." };
var maxBody = new Option<long?>("--max-body-bytes") { Description = "Largest JSON request body, bytes (default 1048576; multipart: 25 MiB, see --settings)." };
var settingsFile = new Option<FileInfo?>("--settings") { Description = "A JSON file of settings, as GET /__admin/settings shows them." };
var corsOrigins = new Option<string?>("--cors-origins") { Description = "Browser origins allowed to call the mock, comma-separated (granted with credentials); default any origin, without credentials." };
var maxWorlds = new Option<int>("--max-worlds") { Description = "Most credentials (worlds) held at once.", DefaultValueFactory = _ => 256 };
var mcpStateless = new Option<bool>("--mcp-stateless") { Description = "Serve /mcp without sessions (the MCP SDK's stateless form); by default initialize-handshake clients get sessions." };
var mappings = new Option<DirectoryInfo?>("--mappings") { Description = "A folder of your own WireMock mapping files (*.json, Java WireMock's form or WireMock.Net's), loaded as stubs that answer before the spec (see POST /__admin/mappings)." };
mappings.Validators.Add(result =>
{
    if (result.GetValueOrDefault<DirectoryInfo?>() is { Exists: false } missing)
    {
        result.AddError($"--mappings: no folder {missing.FullName}.");
    }
});

var root = new RootCommand("Rostro mock server: every route of openapi/rostro.yaml with per-credential state, Prefer overrides and an admin API.")
{
    port, host, urls, seed, adminToken, ttft, interToken, jitter, delay, maxBody, settingsFile, corsOrigins, mappings, maxWorlds, mcpStateless,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var patch = new JsonObject();
    if (parse.GetValue(settingsFile) is { } file)
    {
        try
        {
            if (JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken)) is not JsonObject fromFile)
            {
                await Console.Error.WriteLineAsync($"{file.FullName}: expected a JSON object of settings.");
                return 2;
            }

            patch = fromFile;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{file.FullName}: {e.Message}");
            return 2;
        }
    }

    void Set<T>(string name, T? value) where T : struct
    {
        if (value is { } v)
        {
            patch[name] = JsonValue.Create(v);
        }
    }

    Set("seed", parse.GetValue(seed));
    Set("ttftMs", parse.GetValue(ttft));
    Set("interTokenMs", parse.GetValue(interToken));
    Set("jitterMs", parse.GetValue(jitter));
    Set("delayMs", parse.GetValue(delay));
    Set("maxBodyBytes", parse.GetValue(maxBody));

    var settings = MockSettingsJson.Apply(new MockSettings(), patch, "settings", out var problems);
    if (settings is null)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"{string.Join('.', problem.Loc.Skip(1))}: {problem.Msg}");
        }

        return 2;
    }

    if (parse.GetValue(port) is < 0 or > 65535)
    {
        await Console.Error.WriteLineAsync($"--port {parse.GetValue(port)}: a port is between 0 and 65535 (0 picks a free one).");
        return 2;
    }

    // Explicit --host/--port win; else --urls; else ASPNETCORE_URLS (what every ASP.NET Core user tries first); else the defaults.
    IReadOnlyList<ListenAddress>? listen = null;
    var explicitAddress = parse.GetResult(host) is { Implicit: false } || parse.GetResult(port) is { Implicit: false };
    var urlList = parse.GetValue(urls) is { Length: > 0 } given ? ("--urls", given) : Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } fromEnvironment ? ("ASPNETCORE_URLS", fromEnvironment) : default;
    if (!explicitAddress && urlList.Item2 is { } list)
    {
        try
        {
            listen = ListenAddress.ParseList(list);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"{urlList.Item1}: {e.Message}");
            return 2;
        }
    }

    // Read above, so ASP.NET Core must not read them again: it would warn that the mock's own endpoints override them.
    foreach (var variable in (string[])["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS"])
    {
        Environment.SetEnvironmentVariable(variable, null);
    }

    var options = new MockServerOptions
    {
        Host = parse.GetValue(host)!,
        Port = parse.GetValue(port),
        Urls = listen,
        AdminToken = parse.GetValue(adminToken),
        CorsOrigins = parse.GetValue(corsOrigins)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Settings = settings,
        MaxWorlds = parse.GetValue(maxWorlds),
        StubMappingsDirectory = parse.GetValue(mappings)?.FullName,
        McpStateless = parse.GetValue(mcpStateless),
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
    await app.WaitForShutdownAsync(cancellationToken);
    Console.WriteLine(streams.Ended == 0 ? "Stopped." : $"Stopped; {streams.Ended} open stream(s) ended.");
    return 0;
});

return await root.Parse(args).InvokeAsync();

/// <summary>The mock server's entry point (public so tests can name the assembly's entry type).</summary>
public partial class Program;
