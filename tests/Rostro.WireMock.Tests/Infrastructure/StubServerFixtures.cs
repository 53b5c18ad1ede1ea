using WireMock.Handlers;
using WireMock.Server;
using WireMock.Settings;

namespace Rostro.WireMock.Tests.Infrastructure;

/// <summary>WireMock.Net in this process with <c>WithRostroApi()</c>: the in-process extension.</summary>
public sealed class InProcessStubServerFixture : IDisposable
{
    public InProcessStubServerFixture() => Server = new WireMockNetStubServer("WireMock.Net with WithRostroApi()", Loopback.Start().WithRostroApi());

    public WireMockNetStubServer Server { get; }

    public void Dispose() => Server.Dispose();
}

/// <summary>A fresh WireMock.Net that read the exported files from disk, as its static mappings (<c>&lt;root&gt;/__admin/mappings</c>).</summary>
public sealed class ExportedFilesStubServerFixture : IDisposable
{
    public ExportedFilesStubServerFixture()
    {
        Export = new ExportedStubs();
        Server = new WireMockNetStubServer("WireMock.Net reading the exported files", Loopback.Start(new WireMockServerSettings
        {
            FileSystemHandler = new LocalFileSystemHandler(Export.Root),
            ReadStaticMappings = true,
        }));
    }

    public ExportedStubs Export { get; }

    public WireMockNetStubServer Server { get; }

    public void Dispose()
    {
        Server.Dispose();
        Export.Dispose();
    }
}

/// <summary>Java WireMock standalone with <c>--root-dir</c> on the exported files; started on first use, so a class whose tests are all skipped starts nothing.</summary>
public sealed class JavaStubServerFixture : IAsyncLifetime
{
    private readonly Lazy<Task<JavaWireMock>> _server;

    public JavaStubServerFixture()
    {
        Export = new ExportedStubs();
        _server = new(() => JavaWireMock.StartAsync(Export.Root));
    }

    public ExportedStubs Export { get; }

    public Task<JavaWireMock> ServerAsync() => _server.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await (await _server.Value).DisposeAsync();
        }

        Export.Dispose();
    }
}

/// <summary>WireMock.Net on a free port of 127.0.0.1 (its own <c>Start()</c> listens on every interface).</summary>
public static class Loopback
{
    public static WireMockServer Start(WireMockServerSettings? settings = null)
    {
        settings ??= new WireMockServerSettings();
        settings.Urls = ["http://127.0.0.1:0"];
        return WireMockServer.Start(settings);
    }
}

/// <summary>The generated stubs exported to a temporary root folder (deleted afterwards).</summary>
public sealed class ExportedStubs : IDisposable
{
    public ExportedStubs()
    {
        Root = Directory.CreateTempSubdirectory("rostro-wiremock-").FullName;
        MappingExport.Write(RostroStubs.Embedded, Root);
    }

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
