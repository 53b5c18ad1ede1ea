using System.Net;
using System.Text;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Admin;

/// <summary>Settings change the live server, so these tests use a server of their own.</summary>
public sealed class SettingsApiTests : IAsyncLifetime
{
    private MockServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await MockServer.StartAsync();
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> PutAsync(string json) =>
        _http.PutAsync("__admin/settings", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Get_shows_every_setting_with_its_default()
    {
        var settings = await (await _http.GetAsync("__admin/settings")).JsonAsync();

        settings["ttftMs"]!.GetValue<int>().Should().Be(300);
        settings["interTokenMs"]!.GetValue<int>().Should().Be(40);
        settings["jitterMs"]!.GetValue<int>().Should().Be(0);
        settings["seed"]!.GetValue<int>().Should().Be(42);
        settings["delayMs"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task Put_changes_only_the_named_settings()
    {
        var response = await PutAsync("""{ "ttftMs": 5, "interTokenMs": 1 }""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.Settings.Current.TtftMs.Should().Be(5);
        _server.Settings.Current.InterTokenMs.Should().Be(1);
        _server.Settings.Current.Seed.Should().Be(42);
    }

    [Fact]
    public async Task Put_with_a_bad_value_returns_422_and_changes_nothing()
    {
        var response = await PutAsync("""{ "ttftMs": 5, "interTokenMs": -1, "nonsense": 1, "seed": "x" }""");

        var body = await response.ShouldBeAsync(422);
        body.Details().Should().BeEquivalentTo([("body/nonsense", "extra_forbidden"), ("body/seed", "int_parsing"), ("body/interTokenMs", "greater_than_equal")]);
        _server.Settings.Current.TtftMs.Should().Be(300);
    }

    [Fact]
    public async Task Put_out_of_range_returns_422_greater_than_equal()
    {
        var body = await (await PutAsync("""{ "interTokenMs": -1 }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/interTokenMs", "greater_than_equal"));
        _server.Settings.Current.InterTokenMs.Should().Be(40);
    }

    [Fact]
    public async Task Put_with_malformed_json_returns_400()
    {
        (await PutAsync("""{ "ttftMs": """)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delay_setting_delays_every_route()
    {
        await PutAsync("""{ "delayMs": 120 }""");
        _http.DefaultRequestHeaders.Add("CH-API-KEY", "k");
        var started = System.Diagnostics.Stopwatch.StartNew();

        (await _http.GetAsync("api/self")).StatusCode.Should().Be(HttpStatusCode.OK);

        started.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(110);
    }

    [Fact]
    public async Task Body_limit_setting_applies_at_once()
    {
        await PutAsync("""{ "maxBodyBytes": 16 }""");
        _http.DefaultRequestHeaders.Add("CH-API-KEY", "k");

        var response = await _http.PostAsync("api/account/blacklist", new StringContent("""{ "word": "longer than sixteen" }""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }
}
