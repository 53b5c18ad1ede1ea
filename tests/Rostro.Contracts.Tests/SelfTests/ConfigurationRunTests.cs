using System.Diagnostics;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>A run with an unusable configuration stops once: one failing check with one line naming the variable and the fix, and no other check is run.</summary>
/// <remarks>The suite's own test assembly is run again in a child process (xunit.v3's in-process runner) with the broken setting.</remarks>
public sealed class ConfigurationRunTests
{
    [Theory]
    [InlineData("ROSTRO_BASE_URL", "staging.rostro.dev", "ROSTRO_BASE_URL must be an absolute http(s) URL")]
    [InlineData("ROSTRO_RATE_LIMIT", "fast", "ROSTRO_RATE_LIMIT must be a number")]
    public async Task A_run_with_an_unusable_setting_is_one_failure_of_one_line(string variable, string value, string sentence)
    {
        var (exit, output) = await RunSuiteAsync(new Dictionary<string, string> { [variable] = value });

        output.Should().Contain("Total: 1, Errors: 0, Failed: 1", "only The_run_is_configured exists when the run cannot start");
        output.Should().Contain("ConfigurationTests.The_run_is_configured [FAIL]").And.Contain(sentence).And.Contain(value);
        output.Should().NotMatchRegex(@"\n\s+at ", "a configuration error is a sentence, not a stack trace");
        exit.Should().NotBe(0);
    }

    [Fact]
    public async Task A_live_target_without_a_credential_is_one_failure_naming_both_variables()
    {
        await using var mock = await MockServer.RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var (_, output) = await RunSuiteAsync(new Dictionary<string, string> { ["ROSTRO_BASE_URL"] = mock.Url, ["ROSTRO_ASSUME_LIVE"] = "true" });

        output.Should().Contain("Total: 1, Errors: 0, Failed: 1").And.Contain("neither ROSTRO_TOKEN nor ROSTRO_API_KEY is set");
    }

    // The suite's own assembly, with only the configuration check and one class of contract checks selected.
    private static async Task<(int Exit, string Output)> RunSuiteAsync(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(ConfigurationTests).Assembly.Location);
        foreach (var type in new[] { typeof(ConfigurationTests), typeof(Operations.DocumentedAnswerTests) })
        {
            info.ArgumentList.Add("-class");
            info.ArgumentList.Add(type.FullName!);
        }

        info.ArgumentList.Add("-noColor");
        foreach (var name in ContractSettings.Variables.Keys)
        {
            info.Environment.Remove(name);
        }

        info.Environment["ROSTRO_RESULTS_DIR"] = Path.Combine(Path.GetTempPath(), $"rostro-contracts-config-{Guid.NewGuid():N}");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var time = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        time.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(time.Token);
        return (process.ExitCode, await output + await errors);
    }
}
