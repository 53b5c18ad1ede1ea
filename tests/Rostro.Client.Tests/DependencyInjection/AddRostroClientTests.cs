using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.DependencyInjection;

public class AddRostroClientTests
{
    [Fact]
    public void Every_generated_client_interface_resolves_after_AddRostroClient()
    {
        var services = new ServiceCollection();
        services.AddRostroClient(o => o.Credential = "t");
        using var provider = services.BuildServiceProvider();

        var contracts = typeof(RostroApiException).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && t.Name.StartsWith('I') && t.Name.EndsWith("Client", StringComparison.Ordinal))
            .ToArray();

        contracts.Should().NotBeEmpty();
        foreach (var contract in contracts)
        {
            provider.GetService(contract).Should().NotBeNull($"{contract.Name} is registered").And.BeAssignableTo(contract);
        }
    }

    [Fact]
    public async Task Clients_from_the_container_use_the_configured_base_url_and_credential()
    {
        var recorder = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddRostroClient(o =>
            {
                o.BaseUrl = new Uri("http://localhost:5055/api-root");
                o.CredentialKind = RostroCredentialKind.Samwise;
                o.Credential = "di-secret";
            })
            .ConfigurePrimaryHttpMessageHandler(() => recorder);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IFollowsClient>().FollowTagAsync("fantasy");

        var request = recorder.Single;
        request.Uri.AbsoluteUri.Should().Be("http://localhost:5055/api-root/follow/tag/fantasy");
        request.Header("samwise").Should().Be("di-secret");
    }

    [Fact]
    public void Credential_headers_are_redacted_from_HttpClient_logs()
    {
        var services = new ServiceCollection();
        services.AddRostroClient();
        using var provider = services.BuildServiceProvider();

        var factoryOptions = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<HttpClientFactoryOptions>>()
            .Get(RostroServiceCollectionExtensions.HttpClientName);

        foreach (var header in RostroCredentialsHandler.CredentialHeaderNames)
        {
            factoryOptions.ShouldRedactHeaderValue(header).Should().BeTrue($"{header} carries a credential");
        }
    }
}
