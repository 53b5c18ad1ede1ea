using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rostro.MockServer.Tests.Hosting;

/// <summary>The standalone server, as <c>dotnet run --project src/Rostro.MockServer</c> starts it (here: the built dll, in a child process).</summary>
public sealed class CommandLineTests
{
    private static readonly string s_dll = Path.Combine(AppContext.BaseDirectory, "Rostro.MockServer.dll");

    private static ProcessStartInfo Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
}
