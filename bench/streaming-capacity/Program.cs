using System.Diagnostics;
using System.Globalization;

using System.Net.ServerSentEvents;
using System.Text;

// Usage: StreamingCapacity <mock url> <mock pid> [levels=500,1000,2000,5000] [interMs=20] [ttftMs=200] [holdSeconds=6] [opensPerSecond=250] [floor binary] [sse_client binary]
// Each level opens that many streams (ramped in at opensPerSecond), holds them open at least holdSeconds, and reports
// client-measured errors against the schedule. The client shares the machine's cores with the mock: its own lag is in the figures.
// With the floor binary (floor.c), each level first runs it with the same connection count and timing, side by side:
// what the kernel alone allows on this machine, one TCP send per event, with no HTTP and no runtime.
// With the sse_client binary (sse_client.c: floor.c's receiver speaking HTTP), each level then streams from the mock again
// with that receiver, so that the mock and the floor are also compared with the same receiver.
var target = args.Length > 0 ? args[0].TrimEnd('/') : "http://127.0.0.1:4399";
var pid = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var levels = (args.Length > 2 ? args[2] : "500,1000,2000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var inter = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
var ttft = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200;
var hold = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 6;
var opensPerSecond = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 250;
var floor = args.Length > 7 ? args[7] : null;
var sseClient = args.Length > 8 ? args[8] : null;
var port = new Uri(target).Port;

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
    MaxResponseDrainSize = 0,
})
{
    Timeout = TimeSpan.FromMinutes(2),
};

Console.WriteLine($"Target {target} (mock pid {pid}), {Environment.ProcessorCount} cores shared by the mock AND this client; inter-token {inter} ms, TTFT {ttft} ms, {opensPerSecond} new streams/s, held {hold} s.");
Console.WriteLine("Errors are |measured - scheduled| as this client sees them on loopback, so they include the client's own scheduling lag.");
Console.WriteLine();
Console.WriteLine("CPU is µs of processor time per token event: the mock's (utime+stime from /proc), this client's, and the floor's sender and receiver threads.");
Console.WriteLine();
Console.WriteLine("Gap errors p50 / p99 / max: the mock measured by this (C#) client, the mock measured by sse_client (C, floor.c's receiver), the floor.");
Console.WriteLine();
Console.WriteLine("| streams | ok | failed | mock, C# client | mock, C receiver | floor | TTFT err p50 / p99 (C# / C) | mock CPU/event (C# / C run) | client CPU/event (C# / C) | floor send/recv CPU/event | mock RSS idle → peak | RSS/stream |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");

// A first, unreported level of 100 streams runs the mock's streaming path (and this client's) through the JIT, so the first
// reported level measures the mock, not its start-up.
foreach (var (n, warmUp) in levels.Select(l => (l, false)).Prepend((100, true)))
{
    var floorFigures = floor is null || warmUp ? null : await RunFloorAsync(floor, n, inter, hold);
    await Task.Delay(1500);
    GC.Collect();
    var rssIdle = Rss(pid);
    var mockCpuStart = CpuSeconds(pid);
    var clientCpuStart = Environment.CpuUsage.TotalTime.TotalSeconds;
    long events = 0;
    var ramp = TimeSpan.FromSeconds(Math.Max(1.0, n / (double)opensPerSecond));
    // Long enough that every stream is still open when the last one starts, plus the hold.
    var tokens = (int)((ramp.TotalMilliseconds + (hold * 1000)) / inter);
    var open = 0;
    var peak = 0;
    long rssPeak = 0;
    var gaps = new List<double>[n];
    var ttfts = new double[n];
    var failures = 0;
    var clock = Stopwatch.StartNew();

    var sampler = Task.Run(async () =>
    {
        while (clock.Elapsed < ramp + TimeSpan.FromSeconds(hold))
        {
            await Task.Delay(250);
            var now = Volatile.Read(ref open);
            if (now >= peak)
            {
                peak = now;
                rssPeak = Math.Max(rssPeak, Rss(pid));
            }
        }
    });

    var streams = Enumerable.Range(0, n).Select(async i =>
    {
        var due = ramp * i / n;
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var mine = new List<double>(tokens);
        gaps[i] = mine;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{target}/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"mythomax","messages":[{"role":"user","content":"Tell me about dragons."}],"stream":true}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Authorization", "Bearer bench");
            request.Headers.Add("X-Mock-Ttft-Ms", ttft.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Mock-Inter-Token-Ms", inter.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Mock-Output-Tokens", tokens.ToString(CultureInfo.InvariantCulture));
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            Interlocked.Increment(ref open);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync();
                var index = 0;
                long previous = 0;
                await foreach (var item in SseParser.Create(body).EnumerateAsync())
                {
                    Interlocked.Increment(ref events);
                    var at = Stopwatch.GetTimestamp();
                    // Event 0 is the role chunk; events 1..tokens carry one token each (then finish and [DONE]).
                    if (index == 1)
                    {
                        ttfts[i] = Math.Abs(Ms(at - sent) - ttft);
                    }
                    else if (index > 1 && index <= tokens)
                    {
                        mine.Add(Math.Abs(Ms(at - previous) - inter));
                    }

                    previous = at;
                    index++;
                }

                if (index < tokens + 2)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            finally
            {
                Interlocked.Decrement(ref open);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Interlocked.Increment(ref failures);
            ttfts[i] = double.NaN;
        }
    }).ToList();

    await Task.WhenAll(streams);
    await sampler;
    var mockCpu = CpuSeconds(pid) - mockCpuStart;
    var clientCpu = Environment.CpuUsage.TotalTime.TotalSeconds - clientCpuStart;
    var pooled = gaps.Where(g => g is not null).SelectMany(g => g).Order().ToArray();
    var ttftSorted = ttfts.Where(t => !double.IsNaN(t)).Order().ToArray();
    var perStream = peak > 0 ? (rssPeak - rssIdle) / (double)peak : 0;
    if (warmUp)
    {
        continue;
    }

    SseFigures? c = null;
    double? mockCpuWithC = null;
    if (sseClient is not null)
    {
        await Task.Delay(1500);
        var before = CpuSeconds(pid);
        c = await RunSseClientAsync(sseClient, port, n, inter, ttft, hold, opensPerSecond);
        mockCpuWithC = c is null || c.Events == 0 ? null : (CpuSeconds(pid) - before) * 1e6 / c.Events;
    }

    var failed = failures + (c?.Failed ?? 0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n} | {n - failures}{(c is null ? string.Empty : $" + {c.Ok}")} | {failed} | {P(pooled, 50):F2} / {P(pooled, 99):F2} / {P(pooled, 100):F1} ms | {(c is null ? "–" : $"{c.P50:F2} / {c.P99:F2} / {c.Max:F1} ms")} | {(floorFigures is null ? "–" : $"{floorFigures.P50:F2} / {floorFigures.P99:F2} / {floorFigures.Max:F1} ms")} | {P(ttftSorted, 50):F1} / {P(ttftSorted, 99):F1}{(c is null ? string.Empty : $" ; {c.TtftP50:F1} / {c.TtftP99:F1}")} ms | {Micro(mockCpu, events)}{(mockCpuWithC is { } m ? $" / {m:F1} µs" : string.Empty)} | {Micro(clientCpu, events)}{(c is null || c.Events == 0 ? string.Empty : $" / {c.CpuSeconds * 1e6 / c.Events:F1} µs")} | {(floorFigures is null ? "–" : $"{floorFigures.SendCpuMicros:F1} / {floorFigures.ReceiveCpuMicros:F1} µs")} | {rssIdle / 1048576.0:F0} → {rssPeak / 1048576.0:F0} MiB | {perStream / 1024:F1} KiB |"));
}

static string Micro(double seconds, long events) => events == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{seconds * 1e6 / events:F1} µs");

// Runs floor.c's binary at this level; null (and a line on stderr) when it fails.
static async Task<FloorFigures?> RunFloorAsync(string path, int n, int inter, int seconds)
{
    if (await RunFiguresAsync(path, [n, inter, seconds], "floor", 7, $"floor at {n} connections") is not { } v)
    {
        return null;
    }

    var gaps = v[1];
    return new FloorFigures(v[2], v[3], v[4], v[5] * 1e6 / gaps, v[6] * 1e6 / gaps);
}

// Runs sse_client's binary against the mock at this level; null (and a line on stderr) when it fails.
static async Task<SseFigures?> RunSseClientAsync(string path, int port, int n, int inter, int ttft, int hold, int opens) =>
    await RunFiguresAsync(path, [port, n, inter, ttft, hold, opens], "sse", 11, $"sse_client at {n} streams") is { } v
        ? new SseFigures((int)v[1], (int)v[2], v[4], v[5], v[6], v[7], v[8], v[9], (long)v[10])
        : null;

// Runs one of the C binaries, which print one line: their tag and that many numbers; null (and a line on stderr) when it fails.
static async Task<double[]?> RunFiguresAsync(string path, int[] arguments, string tag, int count, string what)
{
    using var process = Process.Start(new ProcessStartInfo(path, [.. arguments.Select(a => a.ToString(CultureInfo.InvariantCulture))]) { RedirectStandardOutput = true })!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    if (process.ExitCode != 0 || fields.Length != count + 1 || fields[0] != tag)
    {
        Console.Error.WriteLine($"{what} failed (exit {process.ExitCode}): {output.Trim()}");
        return null;
    }

    return [.. fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture))];
}

// utime + stime of a process, from /proc/<pid>/stat (clock ticks of 1/100 s).
static double CpuSeconds(int pid)
{
    if (pid <= 0)
    {
        return 0;
    }

    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

static double P(double[] sorted, double percentile) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

static long Rss(int pid)
{
    if (pid <= 0)
    {
        return 0;
    }

    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    return 0;
}

// sse_client.c's figures at one level: streams ok and failed, gap error p50/p99/max and TTFT error p50/p99 (ms), its CPU (s), events.
internal sealed record SseFigures(int Ok, int Failed, double P50, double P99, double Max, double TtftP50, double TtftP99, double CpuSeconds, long Events);

// floor.c's figures at one level: gap error p50, p99 and max (ms); sender and receiver CPU per event (µs).
internal sealed record FloorFigures(double P50, double P99, double Max, double SendCpuMicros, double ReceiveCpuMicros);
