using System.Net;
using System.Text;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Admin;

/// <summary>Settings change the live server, so these tests use a server of their own.</summary>
public sealed class SettingsApiTests : IAsyncLifetime
{
    private RostroMock _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await RostroMock.StartAsync();
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> PutAsync(string json) =>
        _http.PutAsync("__admin/settings", new StringContent(json, Encoding.UTF8, "application/json"));

    // The defaults as the README's tables document them.
    private static readonly Dictionary<string, long> s_documentedDefaults = new()
    {
        ["ttftMs"] = 300,
        ["interTokenMs"] = 40,
        ["jitterMs"] = 0,
        ["seed"] = 42,
        ["delayMs"] = 0,
        ["outputTokens"] = 0,
        ["dropAfterEvents"] = 0,
        ["stallAfterEvents"] = 0,
        ["stallMaxMs"] = 30_000,
        ["malformedAfterEvents"] = 0,
        ["errorRatePercent"] = 0,
        ["errorStatus"] = 503,
        ["maxSequences"] = 0,
        ["maxQueuedRequests"] = 64,
        ["saturatedStatus"] = 503,
        ["prefillMicrosPerToken"] = 0,
        ["timeFactorUnderLoad"] = 1,
        ["requestsPerMinute"] = 0,
        ["tokensPerMinute"] = 0,
        ["maxBodyBytes"] = 1_048_576,
        ["maxMultipartBodyBytes"] = 26_214_400,
    };

    [Fact]
    public async Task Get_shows_every_setting_with_its_default()
    {
        var settings = (await (await _http.GetAsync("__admin/settings")).JsonAsync()).AsObject();

        settings.Select(p => p.Key).Should().BeEquivalentTo(s_documentedDefaults.Keys, "every setting is shown, and each is documented");
        foreach (var (name, value) in s_documentedDefaults)
        {
            settings[name]!.GetValue<long>().Should().Be(value, name);
        }
    }

    [Fact]
    public async Task Put_a_bad_error_status_answers_422_naming_the_allowed_values()
    {
        var body = await (await PutAsync("""{ "errorStatus": 404 }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/errorStatus", "literal_error"));
        body["detail"]![0]!["msg"]!.GetValue<string>().Should().Be("Input should be 429, 500 or 503");
        _server.Settings.Current.ErrorStatus.Should().Be(503);
    }

    [Fact]
    public async Task Settings_reset_puts_the_start_up_settings_back()
    {
        await using var started = await RostroMock.StartAsync(new MockServerOptions { Settings = new Rostro.MockServer.Settings.MockSettings { Seed = 7, TtftMs = 5 } });
        using var http = new HttpClient { BaseAddress = started.BaseAddress };
        (await http.PutAsync("__admin/settings", new StringContent("""{ "seed": 9, "jitterMs": 5, "ttftMs": 50 }""", Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var reset = await (await http.PostAsync("__admin/settings/reset", null)).ShouldBeAsync(200);

        reset["seed"]!.GetValue<int>().Should().Be(7);
        reset["ttftMs"]!.GetValue<int>().Should().Be(5);
        reset["jitterMs"]!.GetValue<int>().Should().Be(0);
        started.Settings.Current.Should().Be(new Rostro.MockServer.Settings.MockSettings { Seed = 7, TtftMs = 5 });
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
        const int delay = 60;
        await PutAsync($$"""{ "delayMs": {{delay}}, "ttftMs": 0, "interTokenMs": 0 }""");
        var spec = await Rostro.Spec.RostroSpec.LoadEmbeddedAsync();
        var token = $"delay-{Guid.NewGuid():N}";
        var early = new List<string>();

        // Every operation, with its example request; deleting the account goes last, as it ends the world's session.
        foreach (var operation in spec.Operations.OrderBy(o => o.OperationId == "deleteAccount" ? 1 : 0))
        {
            using var request = SpecRequests.Build(operation, token);
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var response = await _http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            if (started.ElapsedMilliseconds < delay - 5)
            {
                early.Add($"{operation} {(int)response.StatusCode} in {started.ElapsedMilliseconds} ms");
            }
        }

        // Errors are answers too: a 401 and a 422 wait as long.
        var unauthenticated = System.Diagnostics.Stopwatch.StartNew();
        (await _http.GetAsync("api/self")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unauthenticated.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(delay - 5);

        early.Should().BeEmpty();
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
