using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Rostro.Spec;

namespace Rostro.WireMock.Tests.Hosting;

/// <summary>The command line, as <c>dotnet run --project src/Rostro.WireMock</c> runs it (here: the built dll, in a child process).</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly string s_dll = Path.Combine(AppContext.BaseDirectory, "Rostro.WireMock.dll");
    private readonly string _scratch = Directory.CreateTempSubdirectory("rostro-wiremock-cli-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Run_prints_its_url_serves_the_spec_and_answers_a_stub_posted_to_its_admin_API_until_it_is_deleted()
    {
        var port = FreePort();
        await using var server = await Server.StartAsync("--port", Text(port));
        var url = $"http://127.0.0.1:{port}";
        server.Banner.Should().Contain($"Rostro API on WireMock.Net, listening on {url}");
        server.Banner.Should().Contain(l => l.Contains($"{url}/__admin/mappings", StringComparison.Ordinal));

        var spec = await RostroSpec.LoadEmbeddedAsync();
        var models = spec.Find("GET", "/v1/models")!.Responses["200"]["application/json"].Examples.Values.First();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        JsonNode.DeepEquals(JsonNode.Parse(await http.GetStringAsync("/v1/models")), models).Should().BeTrue();

        // A stub of your own, in WireMock.Net's mapping format, without a priority (0): it wins over the generated one.
        var id = Guid.NewGuid();
        using var posted = await http.PostAsync("/__admin/mappings", Json($$$"""
            {"Guid":"{{{id}}}","Request":{"Path":"/v1/models","Methods":["GET"]},"Response":{"StatusCode":503,"Body":"{\"error\":\"pinned\"}"}}
            """));
        posted.IsSuccessStatusCode.Should().BeTrue(await posted.Content.ReadAsStringAsync());
        (await http.GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        (await http.DeleteAsync($"/__admin/mappings/{id}")).IsSuccessStatusCode.Should().BeTrue();
        JsonNode.DeepEquals(JsonNode.Parse(await http.GetStringAsync("/v1/models")), models).Should().BeTrue();
    }

    [Fact]
    public async Task Run_with_mappings_loads_your_own_mapping_files_over_the_generated_stubs()
    {
        await File.WriteAllTextAsync(Path.Combine(_scratch, "mine.json"), """
            {"Request":{"Path":"/api/account","Methods":["GET"]},"Response":{"StatusCode":418}}
            """);
        var port = FreePort();
        await using var server = await Server.StartAsync("--port", Text(port), "--mappings", _scratch);
        server.Banner.Should().Contain(l => l.Contains("1 of your own", StringComparison.Ordinal));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        ((int)(await http.GetAsync("/api/account")).StatusCode).Should().Be(418);
    }

    [Fact]
    public async Task A_mapping_file_WireMock_cannot_read_stops_the_start_and_is_named()
    {
        var broken = Path.Combine(_scratch, "broken.json");
        await File.WriteAllTextAsync(broken, "{ not json");
        var (code, _, error) = await RunAsync("--port", Text(FreePort()), "--mappings", _scratch);
        code.Should().Be(2);
        error.Should().Contain(broken).And.Contain("not a WireMock.Net mapping file");
    }

    [Theory]
    [InlineData("--port", "70000", "--port must be 0-65535")]
    [InlineData("--port", "eighty", "eighty")]
    [InlineData("--mappings", "/no/such/folder", "no folder /no/such/folder")]
    [InlineData("--no-such-option", "1", "--no-such-option")]
    public async Task Bad_arguments_exit_non_zero_and_say_why(string option, string value, string message)
    {
        var (code, _, error) = await RunAsync(option, value);
        code.Should().NotBe(0);
        error.Should().Contain(message);
    }

    [Fact]
    public async Task Export_without_a_folder_exits_non_zero_and_says_what_is_missing()
    {
        var (code, _, error) = await RunAsync("export");
        code.Should().NotBe(0);
        error.Should().Contain("Required argument missing for command: 'export'");
    }

    [Fact]
    public async Task Export_writes_both_formats_and_says_where()
    {
        var (code, output, error) = await RunAsync("export", _scratch);
        code.Should().Be(0, error);
        output.Should().Contain($"Wrote {RostroStubs.Embedded.Count} stubs");
        Directory.EnumerateFiles(Path.Combine(_scratch, "__admin", "mappings"), "rostro-*.json").Should().NotBeEmpty();
        Directory.EnumerateFiles(Path.Combine(_scratch, "mappings"), "rostro-*.json").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_port_in_use_exits_1_and_names_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, _, error) = await RunAsync("--port", Text(port));
        code.Should().Be(1);
        error.Should().Contain($"Cannot start WireMock.Net on http://127.0.0.1:{port}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(s_dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output, await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server in a child process, killed on dispose.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly Process _process;

        private Server(Process process, List<string> banner)
        {
            _process = process;
            Banner = banner;
        }

        public List<string> Banner { get; }

        public static async Task<Server> StartAsync(params string[] args)
        {
            var process = Process.Start(StartInfo(args))!;
            var banner = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                banner.Add(line);
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    return new Server(process, banner);
                }
            }

            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"The server did not start: {string.Join('\n', banner)} {error}");
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
