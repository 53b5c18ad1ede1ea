using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Rostro.WireMock.Tests.Infrastructure;

/// <summary>Java WireMock standalone (the npm package <c>wiremock</c>'s jar, installed by <c>npm ci</c>) in a child process.</summary>
public sealed class JavaWireMock : IStubServer, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private JavaWireMock(Process process, StringBuilder output, string url)
    {
        _process = process;
        _output = output;
        Http = new HttpClient { BaseAddress = new Uri(url + "/") };
    }

    public string Name => "Java WireMock";

    public HttpClient Http { get; }

    /// <summary>The jar under the repository's <c>node_modules</c>, or null when <c>npm ci</c> has not installed it.</summary>
    public static string? Jar =>
        Rostro.Testing.RepositoryRoot.Found is { } root && Directory.Exists(Path.Combine(root, "node_modules", "wiremock", "build"))
            ? Directory.EnumerateFiles(Path.Combine(root, "node_modules", "wiremock", "build"), "wiremock-standalone-*.jar").Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary><c>java</c> on PATH, or null.</summary>
    public static string? Java =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "java"))
            .FirstOrDefault(File.Exists);

    /// <summary>What is missing to run it, or null when it can run.</summary>
    public static string? Missing =>
        Java is null ? "java is not on PATH (Java 11+)"
        : Jar is null ? "node_modules/wiremock/build/wiremock-standalone-*.jar is missing (run npm ci)"
        : null;

    /// <summary>Starts it on a free loopback port with <c>--root-dir</c> <paramref name="rootDir"/> and waits until it answers.</summary>
    public static async Task<JavaWireMock> StartAsync(string rootDir)
    {
        if (Missing is { } missing)
        {
            throw new InvalidOperationException($"Cannot start Java WireMock: {missing}.");
        }

        var port = FreePort();
        var info = new ProcessStartInfo(Java!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // C1 only and the serial collector: a short-lived JVM on two shared cores starts faster and takes less from the other tests.
        foreach (var arg in new[]
        {
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", Jar!,
            "--root-dir", rootDir, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1",
            "--disable-banner", "--max-request-journal-entries", "1000",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new JavaWireMock(process, output, $"http://127.0.0.1:{port}");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"Java WireMock exited with {process.ExitCode}: {Text(output)}");
            }

            try
            {
                using var health = await server.Http.GetAsync("__admin/health");
                if (health.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"Java WireMock did not answer within 90 s: {Text(output)}");
    }

    /// <summary>The stubs it loaded, as its admin API lists them.</summary>
    public async Task<JsonArray> MappingsAsync()
    {
        var json = JsonNode.Parse(await Http.GetStringAsync("__admin/mappings"))!;
        return json["mappings"]!.AsArray();
    }

    public async Task<string?> AnsweringStubAsync(string tag)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var journal = JsonNode.Parse(await Http.GetStringAsync("__admin/requests?limit=20"))!;
            foreach (var served in journal["requests"]!.AsArray())
            {
                var headers = served?["request"]?["headers"]?.AsObject();
                var tagged = headers?.FirstOrDefault(h => string.Equals(h.Key, StubExchange.TagHeader, StringComparison.OrdinalIgnoreCase)).Value;
                if (tagged?.ToString() == tag)
                {
                    return served!["wasMatched"]?.GetValue<bool>() == true ? served["stubMapping"]?["name"]?.GetValue<string>() : null;
                }
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Java WireMock journaled no request tagged {tag}.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A test that runs against Java WireMock. Skipped (and counted as skipped) where java or the jar is missing — except in CI, where it must run.</summary>
public sealed class JavaWireMockFactAttribute : FactAttribute
{
    public JavaWireMockFactAttribute()
    {
        // CI installs the jar (npm ci) before the tests: there a missing jar is a failure, not a skip.
        if (JavaWireMock.Missing is { } missing && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Java WireMock cannot run here: {missing}.";
        }
    }
}
