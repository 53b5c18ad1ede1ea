using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Rostro.Load;

/// <summary>Optional live export of <see cref="LoadMeter"/>'s instruments over OTLP (off unless <c>--otlp</c> names an endpoint), as NBomber's sinks feed a Prometheus/Grafana stack.</summary>
public static class OtlpExport
{
    /// <summary>Starts exporting every <paramref name="interval"/>; dispose the result to flush and stop.</summary>
    /// <param name="endpoint">The collector, e.g. <c>http://127.0.0.1:4318</c> (OTLP/HTTP) or <c>:4317</c> with gRPC.</param>
    /// <param name="grpc">OTLP/gRPC instead of OTLP/HTTP protobuf.</param>
    /// <param name="interval">Export period.</param>
    /// <param name="shard">Added as the <c>rostro.shard</c> resource attribute, so shards' series stay apart.</param>
    public static IDisposable Start(Uri endpoint, bool grpc, TimeSpan interval, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(shard);
        var metricsEndpoint = grpc || endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal)
            ? endpoint
            : new Uri(endpoint, "v1/metrics");
        return Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("rostro-load").AddAttributes([new("rostro.shard", shard.ToString())]))
            .AddMeter(LoadMeter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = metricsEndpoint;
                exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build();
    }
}
