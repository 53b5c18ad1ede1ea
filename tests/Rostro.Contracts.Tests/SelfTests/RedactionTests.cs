using System.Text;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Operations;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;
using Rostro.MockServer.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>Credentials never reach what a run writes: a run whose failures echo the credential back still writes none of it.</summary>
public sealed class RedactionTests
{
    [Fact]
    public async Task Files_a_failing_run_writes_hold_no_credential_value()
    {
        const string token = "sk-rostro-selftest-Secret-4f1d9a7c";
        const string apiKey = "ch-rostro-selftest-Key-77aa01";
        var results = Path.Combine(Path.GetTempPath(), $"rostro-contracts-redaction-{Guid.NewGuid():N}");
        await using var mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { Settings = new MockSettings { TtftMs = 0, InterTokenMs = 0 } }, TestContext.Current.CancellationToken);
        await using var broken = await BrokenApi.StartAsync(mock.BaseAddress);
        // The broken server echoes the caller's credential and breaks the schema, so the evidence holds both the request's header and the echo.
        broken.Requests = r => r.Headers.TryAddWithoutValidation("X-Echo", r.Headers.Authorization?.ToString() ?? string.Empty);
        broken.Answers = a => a.Path == "/api/self" && a.Status == 200
            ? a with { Body = new JsonObject { ["token"] = token, ["apiKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token)), ["note"] = $"Authorization: Bearer {token}" }.ToJsonString() }
            : a;
        var target = new ContractTarget(new ContractSettings { BaseUrl = broken.BaseAddress, Token = token, ApiKey = apiKey, AssumeLive = true, ResultsDirectory = results });
        await target.InitializeAsync();
        ContractViolationException failure;
        try
        {
            await using var test = new DocumentedAnswerTests(target);
            failure = await Assert.ThrowsAsync<ContractViolationException>(() => test.Spec_example_request_is_accepted_with_a_documented_answer("getSelf", "default"));
        }
        finally
        {
            await target.DisposeAsync();
        }

        try
        {
            var written = Directory.GetFiles(results, "*", SearchOption.AllDirectories);
            written.Should().Contain(f => f.Contains("contract-evidence", StringComparison.Ordinal)).And.Contain(f => f.EndsWith("contract-coverage.md", StringComparison.Ordinal)).And.Contain(f => f.EndsWith("contract-coverage.json", StringComparison.Ordinal));
            foreach (var file in written)
            {
                var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
                foreach (var secret in new[] { token, apiKey, Uri.EscapeDataString(token), Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) })
                {
                    text.Should().NotContain(secret, "{0} must not hold a credential", Path.GetFileName(file));
                }
            }

            (await File.ReadAllTextAsync(failure.EvidencePath!, TestContext.Current.CancellationToken)).Should().Contain(Redactor.Mask, "the evidence shows where a credential was");
            failure.Message.Should().NotContain(token);
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Theory]
    [InlineData("Authorization: Bearer abc.def.ghi", "Authorization: [redacted]")]
    [InlineData("curl -H 'CH-API-KEY: some-key-value' https://x", "CH-API-KEY: [redacted]")]
    [InlineData("cookie: session=1234567", "cookie: [redacted]")]
    public void A_credential_header_in_free_text_is_masked_whatever_its_value(string text, string expected)
    {
        new Redactor([]).Redact(text).Should().Contain(expected).And.NotContain("abc.def").And.NotContain("some-key-value").And.NotContain("1234567");
    }

    [Fact]
    public void A_configured_credential_is_masked_in_every_encoding()
    {
        var redactor = new Redactor(["p@ss/word+1=="]);

        redactor.Redact($"a p@ss/word+1== b {Uri.EscapeDataString("p@ss/word+1==")} c {Convert.ToBase64String(Encoding.UTF8.GetBytes("p@ss/word+1=="))}")
            .Should().Be("a [redacted] b [redacted] c [redacted]");
    }
}
