using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rostro.Client.Tests.DependencyInjection;

/// <summary>Unusable options fail before the first request, with a sentence that says what to set.</summary>
public class OptionsValidationTests
{
    public static TheoryData<string, Action<RostroClientOptions>, string> Misconfigurations => new()
    {
        { "no base URL", o => { o.BaseUrl = null!; o.Credential = "t"; }, "RostroClientOptions.BaseUrl is not set" },
        { "a relative base URL", o => { o.BaseUrl = new Uri("api/", UriKind.Relative); o.Credential = "t"; }, "RostroClientOptions.BaseUrl must be an absolute http or https URL such as https://api.rostro.dev/, not 'api/'" },
        { "a base URL that is not http", o => { o.BaseUrl = new Uri("file:///etc/"); o.Credential = "t"; }, "must be an absolute http or https URL" },
        { "a bearer kind without a token", o => o.Credential = null, "RostroClientOptions.CredentialKind is Bearer but Credential is empty" },
        { "an API key kind with a blank key", o => { o.CredentialKind = RostroCredentialKind.ApiKey; o.Credential = "  "; }, "CredentialKind is ApiKey but Credential is empty" },
        { "an undefined credential kind", o => { o.CredentialKind = (RostroCredentialKind)42; o.Credential = "t"; }, "RostroClientOptions.CredentialKind 42 is not one of None, Bearer, ApiKey, Samwise" },
    };

    private static ServiceProvider Register(Action<RostroClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddRostroClient(configure);
        return services.BuildServiceProvider();
    }

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void A_host_starting_with_unusable_options_fails_at_start_with_what_to_fix(string misconfiguration, Action<RostroClientOptions> configure, string expected)
    {
        using var provider = Register(configure);

        // What a generic host runs at start-up for ValidateOnStart.
        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>(misconfiguration).Which.Message.Should().Contain(expected);
    }

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void Without_a_host_resolving_a_client_fails_before_any_request(string misconfiguration, Action<RostroClientOptions> configure, string expected)
    {
        using var provider = Register(configure);

        var resolve = () => provider.GetRequiredService<IAccountClient>();

        resolve.Should().Throw<OptionsValidationException>(misconfiguration).Which.Message.Should().Contain(expected);
    }

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void Without_dependency_injection_CreateHttpClient_refuses_the_same_options(string misconfiguration, Action<RostroClientOptions> configure, string expected)
    {
        var options = new RostroClientOptions();
        configure(options);

        var create = () => options.CreateHttpClient();

        create.Should().Throw<InvalidOperationException>(misconfiguration).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var options = new RostroClientOptions { BaseUrl = null!, Credential = null };

        options.Validate().Should().HaveCount(2);
    }

    [Fact]
    public void Usable_options_pass_and_no_credential_is_needed_for_the_public_operations_only()
    {
        using var provider = Register(o => { o.CredentialKind = RostroCredentialKind.None; o.Credential = null; });

        provider.GetRequiredService<IStartupValidator>().Validate();
        provider.GetRequiredService<ITagsClient>().Should().NotBeNull();
        new RostroClientOptions { Credential = "t" }.Validate().Should().BeEmpty();
    }

    [Fact]
    public void The_failure_never_shows_a_credential()
    {
        using var provider = Register(o => { o.BaseUrl = new Uri("ftp://example.test/"); o.Credential = "super-secret-token"; });

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().NotContain("super-secret-token");
    }
}
