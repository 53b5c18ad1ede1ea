using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Operations;
using Rostro.Contracts.Tests.Targets;
using Rostro.WireMock;
using Rostro.Spec;
using WireMock.Server;
using WireMock.Settings;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>The spec's stubs on WireMock.Net (src/Rostro.WireMock), in-process, as a live target: answers the mock's code did not write.</summary>
public sealed class StubTargetFixture : IAsyncLifetime
{
    public WireMockServer Server { get; private set; } = null!;

    public ContractTarget Target { get; private set; } = null!;

    public string Results { get; } = Path.Combine(Path.GetTempPath(), $"rostro-contracts-stubs-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] }).WithRostroApi();
        // The stubs declare no mock identity, so the suite takes them for a live API and sends them only what is safe there.
        Target = new ContractTarget(new ContractSettings { BaseUrl = new Uri(Server.Url! + "/"), Token = "stub-user", ProjectId = 172700, RateLimit = 1000, ResultsDirectory = Results });
        await Target.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        Server.Stop();
        Server.Dispose();
        if (Directory.Exists(Results))
        {
            Directory.Delete(Results, recursive: true);
        }
    }
}

/// <summary>The suite's generic read-only checks against the spec's WireMock stubs: a second target, whose answers come from the spec's examples rather than from the mock's code.</summary>
/// <remarks>
/// What stubs can be held to: documented answers to the spec's examples and to valid values beyond them, the 401 of every
/// secured operation without credentials, public operations answering without. Not what needs a server that checks
/// (bad credentials, invalid input, 404s, 405s, another user's resources): stubs accept anything, by design.
/// </remarks>
public sealed class StubTargetTests(StubTargetFixture stubs) : IClassFixture<StubTargetFixture>
{
    private static IEnumerable<SpecOperation> ReadOnly => SpecCatalog.Instance.Operations.Where(o => o.Facts.IsReadOnly && !o.Facts.SpendsCredits);

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var operation in ReadOnly)
        {
            rows.Add("documented answer", operation.OperationId, "default");
            rows.Add(operation.IsPublic ? "public without credentials" : "refused without credentials", operation.OperationId, string.Empty);
            foreach (var valid in ValidInputs.For(operation, new ContractSettings().Seed).Where(c => c.LiveSafe))
            {
                rows.Add("valid value", operation.OperationId, valid.Name);
            }
        }

        return rows;
    }

    [Fact]
    public void The_stubs_are_taken_for_a_live_target()
    {
        stubs.Target.Kind.Should().Be(TargetKind.Live, "they do not declare themselves a Rostro mock");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Generic_read_only_check_passes_against_the_spec_stubs(string check, string operationId, string variant) =>
        Ran.OrFail(() => RunAsync(check, operationId, variant));

    private async Task RunAsync(string check, string operationId, string variant)
    {
        switch (check)
        {
            case "documented answer":
                await using (var test = new DocumentedAnswerTests(stubs.Target))
                {
                    await test.Spec_example_request_is_accepted_with_a_documented_answer(operationId, variant);
                }

                break;
            case "refused without credentials":
                await using (var test = new AuthenticationTests(stubs.Target))
                {
                    await test.Secured_operation_refuses_a_request_without_credentials(operationId);
                }

                break;
            case "public without credentials":
                await using (var test = new AuthenticationTests(stubs.Target))
                {
                    await test.Public_operation_answers_without_credentials(operationId);
                }

                break;
            default:
                await using (var test = new ValidInputTests(stubs.Target))
                {
                    await test.Valid_value_beyond_the_examples_is_accepted(operationId, variant);
                }

                break;
        }
    }
}
