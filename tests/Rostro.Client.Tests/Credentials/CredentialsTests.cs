using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Credentials;

public class CredentialsTests
{
    private readonly RecordingHandler _handler = new();

    [Theory]
    [InlineData(RostroCredentialKind.Bearer, "Authorization", "Bearer secret-1")]
    [InlineData(RostroCredentialKind.ApiKey, "CH-API-KEY", "secret-1")]
    [InlineData(RostroCredentialKind.Samwise, "samwise", "secret-1")]
    public async Task The_configured_credential_kind_travels_in_its_own_header_and_only_there(RostroCredentialKind kind, string header, string value)
    {
        await Clients.Create<AccountClient>(_handler, kind, "secret-1").GetSelfAsync();

        var request = _handler.Single;
        request.Header(header).Should().Be(value);
        request.Headers.Where(h => h.Value.Contains("secret-1")).Select(h => h.Key).Should().Equal(header);
    }

    [Fact]
    public async Task No_credential_header_is_sent_when_the_kind_is_None_even_with_a_credential_set()
    {
        await Clients.Create<AccountClient>(_handler, RostroCredentialKind.None, "secret-1").GetSelfAsync();

        _handler.Single.Headers.Keys.Should().NotContain(RostroCredentialsHandler.CredentialHeaderNames);
        _handler.Single.Headers.Values.Should().NotContain(v => v.Contains("secret-1"));
    }

    [Fact]
    public async Task The_handler_reads_the_current_credential_on_every_request()
    {
        var options = new RostroClientOptions { BaseUrl = Clients.BaseUrl, CredentialKind = RostroCredentialKind.ApiKey, Credential = "first" };
        var client = new AccountClient(options.CreateHttpClient(_handler));

        await client.GetSelfAsync();
        options.Credential = "rotated";
        await client.GetSelfAsync();

        _handler.Requests.Select(r => r.Header("CH-API-KEY")).Should().Equal("first", "rotated");
    }

    [Fact]
    public void Options_ToString_redacts_the_credential()
    {
        var options = new RostroClientOptions { Credential = "super-secret-token", CredentialKind = RostroCredentialKind.Samwise };

        options.ToString().Should().NotContain("super-secret-token").And.Contain("***").And.Contain("Samwise").And.Contain("https://api.rostro.dev/");
    }

    [Fact]
    public void The_default_base_url_is_the_specs_first_server()
    {
        new RostroClientOptions().BaseUrl.Should().Be(new Uri("https://api.rostro.dev/"));
        new RostroClientOptions { BaseUrl = new Uri("http://localhost:5000/rostro") }.NormalizedBaseUrl.AbsoluteUri.Should().Be("http://localhost:5000/rostro/");
    }
}
