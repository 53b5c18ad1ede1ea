using System.Xml.Linq;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>The configuration of a run: the precedence the README states, and a clear error for every unusable value.</summary>
public sealed class SettingsTests
{
    private static readonly Dictionary<string, string?> s_none = [];

    [Fact]
    public void Nothing_set_means_the_in_process_mock_with_the_default_bounds()
    {
        var settings = ContractSettings.Read(s_none, s_none);

        settings.BaseUrl.Should().BeNull();
        settings.AllowDestructive.Should().BeFalse();
        settings.CreditsBudget.Should().Be(10);
        settings.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        settings.RateLimit.Should().BeNull("the default depends on the target: 5/s live, none on a mock");
    }

    [Fact]
    public void Environment_wins_over_user_secrets()
    {
        var environment = new Dictionary<string, string?> { ["ROSTRO_TOKEN"] = "from-environment", ["ROSTRO_BASE_URL"] = "https://staging.example" };
        var secrets = new Dictionary<string, string?> { ["ROSTRO_TOKEN"] = "from-user-secrets", ["ROSTRO_TOKEN_2"] = "second-from-secrets" };

        var settings = ContractSettings.Read(environment, secrets);

        settings.Token.Should().Be("from-environment");
        settings.Token2.Should().Be("second-from-secrets", "a value only user-secrets hold is used");
        settings.BaseUrl.Should().Be(new Uri("https://staging.example/"));
    }

    [Fact]
    public void An_empty_environment_value_falls_back_to_user_secrets()
    {
        var settings = ContractSettings.Read(new Dictionary<string, string?> { ["ROSTRO_TOKEN"] = " " }, new Dictionary<string, string?> { ["ROSTRO_TOKEN"] = "from-user-secrets" });

        settings.Token.Should().Be("from-user-secrets");
    }

    [Fact]
    public void A_base_url_with_a_path_keeps_it_for_every_request()
    {
        var settings = ContractSettings.Read(new Dictionary<string, string?> { ["ROSTRO_BASE_URL"] = "https://gateway.example/rostro" }, s_none);

        new Uri(settings.BaseUrl!, "api/self").Should().Be(new Uri("https://gateway.example/rostro/api/self"));
    }

    [Theory]
    [InlineData("ROSTRO_BASE_URL", "staging.rostro.dev", "absolute http(s) URL")]
    [InlineData("ROSTRO_BASE_URL", "ftp://staging.rostro.dev", "absolute http(s) URL")]
    [InlineData("ROSTRO_ALLOW_DESTRUCTIVE", "yes", "true or false")]
    [InlineData("ROSTRO_CREDITS_BUDGET", "-1", "at least 0")]
    [InlineData("ROSTRO_CREDITS_BUDGET", "2.5", "whole number")]
    [InlineData("ROSTRO_RATE_LIMIT", "fast", "a number")]
    [InlineData("ROSTRO_TIMEOUT_SECONDS", "0", "at least 0.1")]
    [InlineData("ROSTRO_PROJECT_ID", "abc", "a number")]
    public void An_unusable_value_is_refused_naming_the_variable(string variable, string value, string wanted)
    {
        var read = () => ContractSettings.Read(new Dictionary<string, string?> { [variable] = value }, s_none);

        read.Should().Throw<ContractConfigurationException>().Which.Message.Should().Contain(variable).And.Contain(wanted).And.Contain(value);
    }

    [Fact]
    public void Every_variable_the_suite_reads_is_documented_in_the_env_sample_and_the_README()
    {
        var root = Rostro.Testing.RepositoryRoot.Path;
        var sample = File.ReadAllText(Path.Combine(root, ".env.sample"));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        foreach (var variable in ContractSettings.Variables.Keys)
        {
            sample.Should().Contain(variable + "=", "the .env.sample lists {0}", variable);
            readme.Should().Contain($"`{variable}`", "the README documents {0}", variable);
        }
    }

    [Fact]
    public void The_staging_runsettings_example_sets_only_variables_the_suite_reads()
    {
        var runsettings = XDocument.Load(Path.Combine(Rostro.Testing.RepositoryRoot.Path, "tests", "Rostro.Contracts.Tests", "staging.runsettings"));
        var names = runsettings.Descendants("EnvironmentVariables").Elements().Select(e => e.Name.LocalName).ToList();

        names.Should().NotBeEmpty().And.OnlyContain(n => ContractSettings.Variables.ContainsKey(n));
        names.Should().Contain("ROSTRO_BASE_URL");
    }
}
