using Rostro.Client;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Clients;

/// <summary>The generated client (src/Rostro.Client) against the target, as an SDK user would call it, through the suite's pipeline; the contract checks themselves use raw HTTP.</summary>
[Trait("Category", "StandardApi")]
public sealed class TypedClientTests(ContractTarget target) : ContractTest(target)
{
    // The client's own credentials handler in front of the suite's pipeline (safety, rate, timeout, coverage).
    private static HttpClient Http(ContractClient user)
    {
        var options = new RostroClientOptions
        {
            BaseUrl = user.Target.BaseAddress,
            CredentialKind = user.Caller.Scheme == CredentialScheme.ApiKey ? RostroCredentialKind.ApiKey : RostroCredentialKind.Bearer,
            Credential = user.Caller.Credential,
        };
        return new HttpClient(new RostroCredentialsHandler(options) { InnerHandler = user.Target.Handler }, disposeHandler: false)
        {
            BaseAddress = options.NormalizedBaseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    [ContractFact]
    [Trait("Category", "ReadOnly")]
    public async Task Typed_client_reads_the_account_and_the_same_user_from_self()
    {
        using var http = Http(Target.User());
        var account = new AccountClient(http);

        var me = await account.GetAccountAsync(cancellationToken: Cancellation);
        var self = await account.GetSelfAsync(Cancellation);

        me.Username.Should().NotBeNullOrEmpty();
        self.Username.Should().Be(me.Username);
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    public async Task Typed_client_upserts_and_deletes_a_config_document_and_then_gets_404()
    {
        var user = Target.User();
        using var http = Http(user);
        var config = new ConfigClient(http);
        var sub = $"typed-{Guid.NewGuid():N}"[..14];

        var stored = await config.UpsertConfigAsync("rostro-contracts", sub, new ConfigUpsert { Value = new Dictionary<string, object> { ["theme"] = "dark" } }, Cancellation);
        stored.SubId.Should().Be(sub);
        (await config.DeleteConfigAsync("rostro-contracts", sub, Cancellation)).Success.Should().BeTrue();

        var again = () => config.DeleteConfigAsync("rostro-contracts", sub, Cancellation);

        (await again.Should().ThrowAsync<RostroApiException>()).Which.StatusCode.Should().Be(404);
    }

    [ContractFact(Credits = CreditPlan.TypedStream)]
    [Trait("Category", "Mimic")]
    [Trait("Category", "Streaming")]
    [Trait("Category", "ReadOnly")]
    public async Task Typed_client_streams_a_chat_completion_to_its_finish_reason()
    {
        using var credit = Target.Credits.Reserve(CreditPlan.TypedStream);
        using var http = Http(Target.User());
        var mimic = new MimicClient(http);
        var chunks = new List<ChatCompletionChunk>();

        await foreach (var chunk in mimic.StreamChatCompletionAsync(new CreateChatCompletionRequest
        {
            Model = "mythomax",
            Messages = [new() { Role = ChatCompletionRequestMessageRole.User, Content = "Tell me about dragons." }],
            MaxCompletionTokens = 8,
        }, Cancellation))
        {
            chunks.Add(chunk);
        }

        string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta.Content)).Should().NotBeNullOrWhiteSpace();
        chunks.SelectMany(c => c.Choices).Should().Contain(c => c.FinishReason != null);
    }
}
