using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Rostro.WireMock;
using WireMock.Server;
using WireMock.Settings;

// Two commands: serve the stubs on WireMock.Net (the default), or export them as mapping files for any WireMock.
var port = new Option<int>("--port") { Description = "Port to listen on (127.0.0.1 only); 0 picks a free one.", DefaultValueFactory = _ => 8080 };
port.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 0 or > 65535)
    {
        result.AddError($"--port must be 0-65535, not {result.GetValueOrDefault<int>()}.");
    }
});
var mappings = new Option<DirectoryInfo?>("--mappings") { Description = "A folder of your own WireMock.Net mapping files (*.json) to load on top of the generated stubs." };
mappings.Validators.Add(result =>
{
    if (result.GetValueOrDefault<DirectoryInfo?>() is { Exists: false } missing)
    {
        result.AddError($"--mappings: no folder {missing.FullName}.");
    }
});

var root = new RootCommand("The Rostro API as WireMock stubs: served by WireMock.Net on 127.0.0.1 with its admin API on, or exported for WireMock (Java or .NET).")
{
    port, mappings,
};

var folder = new Argument<DirectoryInfo>("dir") { Description = "Root folder: writes <dir>/__admin/mappings (WireMock.Net) and <dir>/mappings (Java WireMock --root-dir <dir>)." };
var export = new Command("export", "Write the stubs as mapping files for WireMock.Net and Java WireMock (rostro-<operationId>.json; other files are left alone).") { folder };
root.Subcommands.Add(export);

export.SetAction(parse =>
{
    var dir = parse.GetValue(folder)!;
    var stubs = RostroStubs.Embedded;
    try
    {
        var files = MappingExport.Write(stubs, dir.FullName);
        Console.WriteLine($"""
            Wrote {stubs.Count} stubs of {files} operations to {dir.FullName}:
              {Path.Combine(dir.FullName, MappingExport.WireMockNetFolder)}  WireMock.Net (its static mappings folder)
              {Path.Combine(dir.FullName, MappingExport.JavaFolder)}  Java WireMock: java -jar wiremock-standalone.jar --root-dir {dir.FullName}
            """);
        return 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"Cannot write to {dir.FullName}: {e.Message}");
        return 1;
    }
});

root.SetAction(async (parse, cancellationToken) =>
{
    var settings = new WireMockServerSettings
    {
        // Loopback only: WireMock.Net's admin API changes what the server answers and has no access control of its own.
        Urls = [$"http://127.0.0.1:{parse.GetValue(port).ToString(CultureInfo.InvariantCulture)}"],
        StartAdminInterface = true,
        ReadStaticMappings = false,
        Logger = new ConsoleWireMockLogger(),
    };

    if (parse.GetValue(port) is > 0 and var fixedPort && InUse(fixedPort) is { } reason)
    {
        // WireMock.Net would only say so after its 10 s start timeout.
        await Console.Error.WriteLineAsync($"Cannot start WireMock.Net on {settings.Urls[0]}: {reason}");
        return 1;
    }

    WireMockServer server;
    try
    {
        server = WireMockServer.Start(settings);
    }
    catch (Exception e)
    {
        // WireMock.Net reports a port in use (or any start failure) as a bare Exception after its start timeout.
        await Console.Error.WriteLineAsync($"Cannot start WireMock.Net on {settings.Urls[0]}: {e.Message}");
        return 1;
    }

    try
    {
        server.WithRostroApi();
        var own = 0;
        if (parse.GetValue(mappings) is { } dir)
        {
            var before = server.MappingModels.Count;
            foreach (var file in Directory.EnumerateFiles(dir.FullName, "*.json").Order(StringComparer.Ordinal))
            {
                try
                {
                    server.ReadStaticMappingAndAddOrUpdate(file);
                }
                catch (Exception e)
                {
                    // WireMock.Net's folder reader would log and skip a broken file; a user who named the folder wants to know.
                    await Console.Error.WriteLineAsync($"{file}: not a WireMock.Net mapping file: {e.Message}");
                    return 2;
                }
            }

            own = server.MappingModels.Count - before;
        }

        // WireMock.Net names a fixed loopback port "localhost" (it listens on 127.0.0.1 and ::1); say the address we asked for.
        var url = $"http://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}";
        Console.WriteLine($"""
            Rostro API on WireMock.Net, listening on {url}
              Stubs:  {RostroStubs.Embedded.Count} generated from openapi/rostro.yaml{(own > 0 ? $", {own} of your own" : string.Empty)} (untimed, stateless: see the README's WireMock section)
              Admin:  {url}/__admin/mappings (WireMock.Net's admin API: POST your own stubs, GET /__admin/requests)
              Try:    curl -H "Authorization: Bearer my-token" {url}/v1/models
                      curl -H "Authorization: Bearer my-token" -H "Prefer: code=404" {url}/api/account
            Press Ctrl+C to stop.
            """);
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }
    finally
    {
        server.Stop();
    }
});

return await root.Parse(args).InvokeAsync();

static string? InUse(int port)
{
    try
    {
        using var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start();
        return null;
    }
    catch (SocketException e)
    {
        return $"port {port} is not free ({e.SocketErrorCode}).";
    }
}
