using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Rostro.MockServer.Mimic;

namespace Rostro.MockServer.Tests.Mimic;

/// <summary>The mock's own account of its timing (meter Rostro.MockServer), which load tools compare their measurements with.</summary>
[Collection(MimicCollection.Name)]
public sealed class MimicMeterTests(MimicServerFixture mock)
{
    [Fact]
    public async Task A_stream_reports_its_ttft_once_and_a_gap_per_token_after_the_first()
    {
        var ttft = new ConcurrentBag<double>();
        var gaps = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MimicMeter.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => (instrument.Name == "rostro.mock.ttft" ? ttft : gaps).Add(value));
        listener.Start();

        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"stream\":true"), new Dictionary<string, string>
        {
            ["X-Mock-Ttft-Ms"] = "40",
            ["X-Mock-Inter-Token-Ms"] = "5",
            ["X-Mock-Output-Tokens"] = "6",
        });
        await MimicServerFixture.ReadEventsAsync(response);

        ttft.Should().ContainSingle().Which.Should().BeGreaterThanOrEqualTo(39.5);
        // Deadlines are absolute, so one gap may be short by what the token before it was late (up to 2 ms); their sum is not.
        gaps.Should().HaveCount(5).And.OnlyContain(g => g >= 0);
        gaps.Sum().Should().BeInRange(25 - 2.5, 60);
    }
}
