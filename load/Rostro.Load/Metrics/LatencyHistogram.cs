using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;

namespace Rostro.Load;

/// <summary>A latency distribution in microseconds (HdrHistogram), mergeable exactly and stored as its uncompressed V2 encoding.</summary>
/// <remarks>
/// Not thread-safe: <see cref="ScenarioStatistics"/> serialises access. The compressed encoding is not used because
/// HdrHistogram.NET 2.5.0 fails to decode compressed payloads over about 8 KB (upstream issue #99); the uncompressed V2
/// encoding is already run-length encoded and decodes at any size.
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>Largest value kept for the run totals: one hour, in microseconds. Larger values are recorded as this.</summary>
    public const long HighestMicroseconds = 3_600_000_000;

    /// <summary>Largest value kept per second of the time series: one minute, in microseconds.</summary>
    public const long HighestSeriesMicroseconds = 60_000_000;

    private readonly HistogramBase _histogram;

    private LatencyHistogram(HistogramBase histogram) => _histogram = histogram;

    /// <summary>A histogram for a run's totals: 0 µs to one hour, three significant digits (0.1 %).</summary>
    public static LatencyHistogram Create() => new(new LongHistogram(1, HighestMicroseconds, 3));

    /// <summary>A lighter histogram for one second of the time series: 0 µs to one minute, two significant digits (1 %).</summary>
    public static LatencyHistogram CreateSeries() => new(new IntHistogram(1, HighestSeriesMicroseconds, 2));

    /// <summary>Values recorded.</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>Records a value in microseconds, clamped to the histogram's range.</summary>
    public void Record(long microseconds) =>
        _histogram.RecordValue(Math.Clamp(microseconds, 0, _histogram.HighestTrackableValue));

    /// <summary>Adds every value of another histogram: the merge of two runs, exact to the bucket.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _histogram.Add(other._histogram);
    }

    /// <summary>The value at a percentile (0-100), in microseconds; 0 when empty.</summary>
    public long ValueAtPercentile(double percentile) => Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile);

    /// <summary>The largest value, in microseconds (to the bucket's precision); 0 when empty.</summary>
    public long Max => Count == 0 ? 0 : _histogram.GetMaxValue();

    /// <summary>The mean, in microseconds; 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : _histogram.GetMean();

    /// <summary>p50, p90, p95, p99, p99.9, max and mean in milliseconds.</summary>
    public LatencySummary Summarize() => new(
        Count,
        Milliseconds(ValueAtPercentile(50)),
        Milliseconds(ValueAtPercentile(90)),
        Milliseconds(ValueAtPercentile(95)),
        Milliseconds(ValueAtPercentile(99)),
        Milliseconds(ValueAtPercentile(99.9)),
        Milliseconds(Max),
        Math.Round(Mean / 1000, 3));

    /// <summary>Counts of values per bucket of <paramref name="bucketMicroseconds"/>, from 0 up to the largest value (for the report's bar charts).</summary>
    public IReadOnlyList<(long FromMicroseconds, long Count)> Buckets(long bucketMicroseconds)
    {
        var buckets = new SortedDictionary<long, long>();
        foreach (var value in _histogram.RecordedValues())
        {
            var bucket = value.ValueIteratedTo / bucketMicroseconds * bucketMicroseconds;
            buckets[bucket] = buckets.GetValueOrDefault(bucket) + value.CountAtValueIteratedTo;
        }

        return [.. buckets.Select(b => (b.Key, b.Value))];
    }

    /// <summary>The uncompressed HdrHistogram V2 encoding, base64.</summary>
    public string Encode()
    {
        var buffer = ByteBuffer.Allocate(_histogram.GetNeededByteBufferCapacity());
        var length = _histogram.Encode(buffer, HistogramEncoderV2.Instance);

        // ByteBuffer copies what it is given and exposes no array, so the encoding is read back byte by byte.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>A histogram (for totals, or for one second of the series) holding the values of an encoding.</summary>
    /// <exception cref="FormatException">The text is not base64 of an HdrHistogram V2 encoding.</exception>
    public static LatencyHistogram Decode(string base64, bool series = false)
    {
        HistogramBase decoded;
        try
        {
            decoded = HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(base64)), 0, null);
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            throw new FormatException($"not an HdrHistogram V2 encoding ({e.Message})", e);
        }

        var histogram = series ? CreateSeries() : Create();
        histogram._histogram.Add(decoded);
        return histogram;
    }

    private static double Milliseconds(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}

/// <summary>The percentiles DESIGN.md names, in milliseconds.</summary>
/// <param name="Count">Values recorded.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="P999">99.9th percentile.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Mean.</param>
public sealed record LatencySummary(long Count, double P50, double P90, double P95, double P99, double P999, double Max, double Mean)
{
    /// <summary>A statistic by its threshold name (<c>p95</c>, <c>max</c>, ...).</summary>
    public double Statistic(string name) => name switch
    {
        "p50" => P50,
        "p90" => P90,
        "p95" => P95,
        "p99" => P99,
        "p999" => P999,
        "max" => Max,
        "mean" => Mean,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a statistic"),
    };
}
