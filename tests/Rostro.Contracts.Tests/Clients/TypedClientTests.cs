using Rostro.Client;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Clients;

/// <summary>The generated client (src/Rostro.Client) against the target, as an SDK user would call it, through the suite's pipeline; the contract checks themselves use raw HTTP.</summary>
[Trait("Category", "StandardApi")]
public sealed class TypedClientTests(ContractTarget target) : ContractTest(target)
{
    private const string Client = "the generated C# client";

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

        ClientRules.Hold(Target, Client, "getAccount", !string.IsNullOrEmpty(me.Username), "the account the client reads has a username", "none");
        ClientRules.Hold(Target, Client, "getSelf", self.Username == me.Username, "GET /api/self names the account's user", $"{self.Username} for the account of {me.Username}");
    }

    [ContractFact]
    [Trait("Category", "Writes")]
    public async Task Typed_client_upserts_and_deletes_a_config_document_and_then_gets_404()
    {
        var user = Target.User();
        using var http = Http(user);
        var config = new ConfigClient(http);
        // A configuration ID the run made up: the document is the run's (an upsert under a known ID would replace one).
        var id = Caller.MadeUpName();
        const string sub = "typed";

        var stored = await config.UpsertConfigAsync(id, sub, new ConfigUpsert { Value = new Dictionary<string, object> { ["theme"] = "dark" } }, Cancellation);
        ClientRules.Hold(Target, Client, "upsertConfig", stored.SubId == sub, "the stored document answers its sub ID", stored.SubId ?? "none");
        var deleted = await config.DeleteConfigAsync(id, sub, Cancellation);
        ClientRules.Hold(Target, Client, "deleteConfig", deleted.Success, "the removal answers success: true", "success: false");

        int? status = null;
        try
        {
            await config.DeleteConfigAsync(id, sub, Cancellation);
        }
        catch (RostroApiException e)
        {
            status = e.StatusCode;
        }

        ClientRules.Hold(Target, Client, "deleteConfig", status == 404, "a second removal is the client's 404 error", status is null ? "a success" : $"status {status}", ContractRules.GoneAfterRemoval);
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

        var text = string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta?.Content));
        ClientRules.Hold(Target, Client, "createChatCompletion", !string.IsNullOrWhiteSpace(text), "the stream the client reads carries content", $"{chunks.Count} chunks without text");
        ClientRules.Hold(Target, Client, "createChatCompletion", chunks.SelectMany(c => c.Choices).Any(c => c.FinishReason != null), "a chunk carries the finish_reason", $"{chunks.Count} chunks, none with one");
    }
}
