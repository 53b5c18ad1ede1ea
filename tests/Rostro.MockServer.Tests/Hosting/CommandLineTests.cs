using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Rostro.MockServer.Tests.Hosting;

/// <summary>The standalone server, as <c>dotnet run --project src/Rostro.MockServer</c> starts it (here: the built dll, in a child process).</summary>
public sealed partial class CommandLineTests
{
    private static readonly string s_dll = Path.Combine(AppContext.BaseDirectory, "Rostro.MockServer.dll");

    private static ProcessStartInfo Start(params string[] args) => Start(null, args);

    private static ProcessStartInfo Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(s_dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Server_prints_its_url_docs_and_a_sample_curl_then_answers_with_the_given_settings()
    {
        var port = FreePort();
        using var process = Process.Start(Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7", "--ttft-ms", "5"))!;
        try
        {
            var banner = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                banner.Add(line);
                if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
                {
                    break;
                }
            }

            var url = $"http://127.0.0.1:{port}";
            banner.Should().Contain($"Rostro mock server listening on {url}");
            banner.Should().Contain(l => l.Contains($"{url}/docs", StringComparison.Ordinal));
            banner.Should().Contain(l => l.Contains("curl -H \"Authorization: Bearer", StringComparison.Ordinal));

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var settings = await http.GetStringAsync("/__admin/settings");
            settings.Should().Contain("\"seed\":7").And.Contain("\"ttftMs\":5");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Out_of_range_option_exits_with_2_and_says_why()
    {
        using var process = Process.Start(Start("--port", "0", "--inter-token-ms", "-3"))!;

        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(2);
        error.Should().Contain("interTokenMs").And.Contain("greater than or equal to 0");
    }

    [Fact]
    public async Task Mappings_option_loads_the_folder_and_the_banner_counts_the_stubs()
    {
        var folder = Directory.CreateTempSubdirectory("rostro-cli-stubs-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "teapot.json"), """{ "Request": { "Path": "/teapot" }, "Response": { "StatusCode": 418 } }""");
        var port = FreePort();
        using var process = Process.Start(Start("--port", P(port), "--mappings", folder.FullName))!;
        try
        {
            (await BannerAsync(process)).Should().Contain(l => l.Contains($"1 loaded from {folder.FullName}", StringComparison.Ordinal));
            using var http = new HttpClient();
            ((int)(await http.GetAsync($"http://127.0.0.1:{P(port)}/teapot")).StatusCode).Should().Be(418);
        }
        finally
        {
            await StopAsync(process);
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Mappings_folder_with_a_refused_file_exits_with_2_naming_it()
    {
        var folder = Directory.CreateTempSubdirectory("rostro-cli-stubs-");
        var file = Path.Combine(folder.FullName, "hook.json");
        await File.WriteAllTextAsync(file, """{ "Request": { "Path": "/p" }, "Response": { "StatusCode": 200 }, "Webhook": { "Request": { "Url": "http://example.com", "Method": "POST" } } }""");
        try
        {
            using var process = Process.Start(Start("--port", "0", "--mappings", folder.FullName))!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            process.ExitCode.Should().Be(2);
            error.Should().Contain(file).And.Contain("Webhook");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Settings_file_that_is_not_json_exits_with_2()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "ttftMs = 5");
        try
        {
            using var process = Process.Start(Start("--port", "0", "--settings", file))!;
            await process.WaitForExitAsync();

            process.ExitCode.Should().Be(2);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Reads the banner up to "Press Ctrl+C"; stderr is collected meanwhile.
    private static async Task<List<string>> BannerAsync(Process process)
    {
        var banner = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            banner.Add(line);
            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        return banner;
    }

    private static async Task StopAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private static string P(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Urls_option_is_honoured()
    {
        var port = FreePort();
        using var process = Process.Start(Start("--urls", $"http://127.0.0.1:{P(port)}"))!;
        try
        {
            (await BannerAsync(process)).Should().Contain($"Rostro mock server listening on http://127.0.0.1:{P(port)}");
            using var http = new HttpClient();
            (await http.GetAsync($"http://127.0.0.1:{P(port)}/openapi.yaml")).IsSuccessStatusCode.Should().BeTrue();
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task Aspnetcore_urls_is_honoured_without_a_kestrel_warning()
    {
        var port = FreePort();
        using var process = Process.Start(Start(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{P(port)}" }))!;
        try
        {
            var banner = await BannerAsync(process);

            banner.Should().Contain($"Rostro mock server listening on http://127.0.0.1:{P(port)}");
            banner.Should().NotContain(l => l.Contains("Overriding address", StringComparison.Ordinal));
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task Explicit_port_wins_over_urls()
    {
        var port = FreePort();
        using var process = Process.Start(Start(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:1" }, "--urls", "http://127.0.0.1:2", "--port", P(port)))!;
        try
        {
            (await BannerAsync(process)).Should().Contain($"Rostro mock server listening on http://127.0.0.1:{P(port)}");
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task A_busy_port_exits_with_1_and_one_line_that_names_the_port_option()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        using var process = Process.Start(Start("--port", P(port)))!;
        var error = await process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(1);
        error.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("--port").And.Contain(P(port));
        output.Should().BeEmpty("no log, no stack trace");
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("-1")]
    public async Task A_port_out_of_range_exits_with_2_and_says_the_valid_range(string port)
    {
        using var process = Process.Start(Start("--port", port))!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(2);
        error.Should().Contain("between 0 and 65535");
    }

    [Fact]
    public async Task Every_interface_prints_a_url_one_can_click()
    {
        var port = FreePort();
        using var process = Process.Start(Start("--host", "*", "--port", P(port)))!;
        try
        {
            var banner = await BannerAsync(process);

            banner[0].Should().Be($"Rostro mock server listening on http://localhost:{P(port)} (every interface)");
            banner.Should().NotContain(l => l.Contains("[::]", StringComparison.Ordinal));
            using var http = new HttpClient();
            (await http.GetAsync($"http://localhost:{P(port)}/openapi.yaml")).IsSuccessStatusCode.Should().BeTrue();
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task Ctrl_c_with_stalled_streams_ends_them_within_two_seconds_and_says_so()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var port = FreePort();
        using var process = Process.Start(Start("--port", P(port), "--ttft-ms", "0", "--inter-token-ms", "0"))!;
        var streams = new List<Rostro.MockServer.Tests.Infrastructure.RawHttp>();
        try
        {
            await BannerAsync(process);
            const string body = """{"model":"mythomax","messages":[{"role":"user","content":"Hi"}],"stream":true}""";
            for (var i = 0; i < 3; i++)
            {
                var raw = await Rostro.MockServer.Tests.Infrastructure.RawHttp.ConnectAsync(new Uri($"http://127.0.0.1:{P(port)}"));
                await raw.SendAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nX-Mock-Stall-After-Events: 2\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
                (await raw.ReadResponseAsync()).Status.Should().Be(200, "the stream has started");
                streams.Add(raw);
            }

            var stopping = Stopwatch.StartNew();
            Posix.Interrupt(process);

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(patience.Token);
            var rest = await process.StandardOutput.ReadToEndAsync();

            stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "stalled streams are ended, not waited for (stallMaxMs is 30 s)");
            process.ExitCode.Should().Be(0);
            rest.Should().Contain("3 open stream(s) ended");
        }
        finally
        {
            foreach (var raw in streams)
            {
                await raw.DisposeAsync();
            }

            if (!process.HasExited)
            {
                await StopAsync(process);
            }
        }
    }

    /// <summary>Sends SIGINT as Ctrl+C in a terminal would, through libc: the CI PATH holds no <c>kill</c> binary.</summary>
    private static partial class Posix
    {
        private const int SigInt = 2;

        public static void Interrupt(Process process)
        {
            if (Kill(process.Id, SigInt) != 0)
            {
                throw new InvalidOperationException($"kill({process.Id}, SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static partial int Kill(int pid, int signal);
    }
}
