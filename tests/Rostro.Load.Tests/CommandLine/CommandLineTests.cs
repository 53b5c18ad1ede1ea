using Rostro.Load.Tests.Infrastructure;
using static Rostro.Load.Tests.Infrastructure.Cli;

namespace Rostro.Load.Tests.CommandLine;

/// <summary>Bad input ends with one clear line per problem and exit code 2, never a stack trace, and nothing is sent.</summary>
public sealed class CommandLineTests
{
    private static void ShouldBeBadInput(Result result, string message)
    {
        result.ExitCode.Should().Be(LoadCommandLine.BadInput);
        result.Error.Should().Contain(message);
        result.Error.Should().NotContain("   at ", "no stack trace");
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.StartsWith("error: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_option_is_one_line_and_exit_2()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--rat", "5"]), "--rat");
    }

    [Fact]
    public async Task A_missing_out_is_exit_2()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9"]), "--out");
    }

    [Fact]
    public async Task A_zero_based_shard_is_refused_with_the_hint()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--shard", "0/2"]), "shards count from 1");
    }

    [Fact]
    public async Task A_bad_duration_is_refused()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--duration", "5x"]), "--duration: '5x' is not a duration");
    }

    [Fact]
    public async Task A_negative_rate_is_refused()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--rate", "-3"]), "--rate must be a number above 0");
    }

    [Theory]
    [InlineData("--sweep", "4..2", "--sweep: '4..2': need 0.001 ≤ from < to ≤ 1000000")]
    [InlineData("--sweep", "0.0001..0.0004", "--sweep: '0.0001..0.0004': need 0.001 ≤ from")]
    [InlineData("--sweep", "4-32", "--sweep: '4-32' is not a range: write from..to")]
    [InlineData("--sweep-factor", "3", "--sweep-factor applies to a sweep: add --sweep from..to")]
    [InlineData("--sweep-budget", "5m", "--sweep-budget applies to a sweep")]
    public async Task A_bad_sweep_is_refused(string option, string value, string message)
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), option, value]), message);
    }

    [Theory]
    [InlineData("--sweep-factor", "1.0000001", "--sweep-factor must be a number from 1.05 to 10")]
    [InlineData("--sweep-budget", "2s", "--sweep-budget 2s is shorter than one step (6s: warm-up + duration)")]
    [InlineData("--sweep-refine", "11", "--sweep-refine must be a whole number from 0 to 10")]
    [InlineData("--sweep-budget", "0s", "--sweep-budget: must be longer than zero")]
    [InlineData("--rate", "5", "--rate: a sweep sets the rate itself")]
    public async Task A_sweep_option_out_of_range_or_in_conflict_is_refused(string option, string value, string message)
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--sweep", "1..8", option, value]), message);
    }

    [Fact]
    public async Task A_sweep_of_a_scenario_without_thresholds_is_refused()
    {
        var path = WriteScenario(LoadMockFixture.Scenario("bare"));

        ShouldBeBadInput(await RunAsync(["run", path, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--sweep", "1..8"]), "scenario 'bare' has no thresholds: a sweep looks for the highest level that meets them");
    }

    [Fact]
    public async Task A_scenario_typo_names_the_field()
    {
        var path = WriteScenario(LoadMockFixture.Scenario("typo", extra: "\"warmup\": \"1s\","));

        ShouldBeBadInput(await RunAsync(["run", path, "--target", "http://127.0.0.1:9", "--out", TempDirectory()]), "scenario.json: warmup: unknown field (did you mean 'warm_up'?)");
    }

    [Fact]
    public async Task A_missing_scenario_file_is_exit_2()
    {
        ShouldBeBadInput(await RunAsync(["run", "/nonexistent/nothing.json", "--target", "http://127.0.0.1:9", "--out", TempDirectory()]), "nothing.json: cannot read the file");
    }

    [Fact]
    public async Task A_remote_target_needs_rostro_token()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "https://staging.invalid/", "--out", TempDirectory()]), "ROSTRO_TOKEN is not set");
    }

    [Fact]
    public async Task Without_target_or_a_files_target_nothing_runs()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--out", TempDirectory()]), "name the target with --target");
    }

    [Fact]
    public async Task An_otlp_endpoint_that_is_not_a_url_is_refused()
    {
        ShouldBeBadInput(await RunAsync(["run", SmokeJson, "--target", "http://127.0.0.1:9", "--out", TempDirectory(), "--otlp", "collector:4318"]), "--otlp: expected an http(s) URL");
    }

    [Fact]
    public async Task Merging_a_file_that_is_not_a_report_is_exit_2()
    {
        var path = Path.Combine(TempDirectory(), "report.json");
        await File.WriteAllTextAsync(path, """{"hello": "world"}""");

        ShouldBeBadInput(await RunAsync(["merge", path, "--out", TempDirectory()]), "report.json: not a rostro-load report");
    }
}
