using Rostro.MockServer.Settings;

namespace Rostro.MockServer.Tests.Hosting;

/// <summary>Settings given in code are held to the same ranges as a header, <c>PUT /__admin/settings</c> or <c>--settings</c> (which only patch valid settings).</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public async Task A_mock_started_with_settings_out_of_range_refuses_to_start_naming_them()
    {
        var start = () => RostroMock.StartAsync(new MockServerOptions { Settings = new MockSettings { MaxSequences = -1, TimeFactorUnderLoad = 0 } });

        (await start.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("MaxSequences").And.Contain("TimeFactorUnderLoad");
    }
}
