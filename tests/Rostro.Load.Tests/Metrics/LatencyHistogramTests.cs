namespace Rostro.Load.Tests.Metrics;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void An_encoding_far_over_8_KB_decodes_to_the_same_distribution()
    {
        // Many distinct values make a large encoding: the size at which HdrHistogram.NET's compressed decoding fails (upstream #99).
        var histogram = LatencyHistogram.Create();
        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            histogram.Record(random.NextInt64(1, 3_000_000_000));
        }

        var encoded = histogram.Encode();
        Convert.FromBase64String(encoded).Length.Should().BeGreaterThan(8 * 1024);

        var decoded = LatencyHistogram.Decode(encoded);
        decoded.Count.Should().Be(200_000);
        decoded.Summarize().Should().Be(histogram.Summarize());
    }

    [Fact]
    public void Values_beyond_the_range_are_kept_at_its_top_instead_of_throwing()
    {
        var histogram = LatencyHistogram.Create();
        histogram.Record(LatencyHistogram.HighestMicroseconds * 10);
        histogram.Record(-5);

        histogram.Count.Should().Be(2);
        histogram.ValueAtPercentile(0).Should().Be(0);
    }

    [Fact]
    public void Garbage_is_not_a_histogram()
    {
        var act = () => LatencyHistogram.Decode(Convert.ToBase64String("not a histogram"u8.ToArray()));
        act.Should().Throw<FormatException>();
    }
}
