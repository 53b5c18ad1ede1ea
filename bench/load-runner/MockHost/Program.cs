// The mock, with the truth: every token event's timing as the mock itself sent it, from its meter, written as JSON on exit.
// Usage: MockHost <port> <ttftMs> <interTokenMs> <outputTokens> <truth.json> [maxSequences=0: the load model off]   (stops on SIGTERM or Ctrl+C)
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using HdrHistogram;
using Rostro.MockServer;
using Rostro.MockServer.Mimic;
using Rostro.MockServer.Settings;

int Arg(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
var truthPath = args[4];
var ttft = new LongHistogram(1, 3_600_000_000, 3);
var gaps = new LongHistogram(1, 3_600_000_000, 3);
var queueWait = new LongHistogram(1, 3_600_000_000, 3);
var gate = new object();

using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == MimicMeter.Name)
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
{
    lock (gate)
    {
        var histogram = instrument.Name switch
        {
            "rostro.mock.ttft" => ttft,
            "rostro.mock.queue_wait" => queueWait,
            _ => gaps,
        };
        histogram.RecordValue(Math.Max(0, (long)Math.Round(value * 1000)));
    }
});
listener.Start();

await using var mock = await RostroMock.StartAsync(new MockServerOptions
{
    Port = Arg(0),
    Settings = new MockSettings { TtftMs = Arg(1), InterTokenMs = Arg(2), OutputTokens = Arg(3), MaxSequences = args.Length > 5 ? Arg(5) : 0 },
});
Console.WriteLine($"mock listening on {mock.Url}");

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

object Summary(HistogramBase h) => new
{
    count = h.TotalCount,
    p50 = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(50) / 1000.0,
    p99 = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(99) / 1000.0,
};
lock (gate)
{
    File.WriteAllText(truthPath, JsonSerializer.Serialize(new { ttft_ms = Summary(ttft), inter_token_ms = Summary(gaps), queue_wait_ms = Summary(queueWait), gc_collections = GC.CollectionCount(0), gc_pause_ms = GC.GetTotalPauseDuration().TotalMilliseconds, allocated_mb = GC.GetTotalAllocatedBytes() / 1048576.0, server_gc = System.Runtime.GCSettings.IsServerGC }));
}
