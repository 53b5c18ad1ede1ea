using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Safety;
using Rostro.Contracts.Tests.Streaming;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Mimic;

/// <summary>The official OpenAI .NET SDK, unmodified, as a second client of the mimic; its traffic goes through the suite's pipeline (safety, budget, rate, timeout, coverage).</summary>
[Trait("Category", "Mimic")]
[Trait("Category", "ReadOnly")]
public sealed class OpenAiSdkTests(ContractTarget target) : ContractTest(target)
{
    private OpenAIClient Sdk(Func<HttpMessageHandler, HttpMessageHandler>? around = null)
    {
        string token;
        if (Target.IsMock)
        {
            token = $"contract-sdk-{Guid.NewGuid():N}";
        }
        else if (Target.Settings.Token is { } bearer)
        {
            token = bearer;
        }
        else
        {
            Target.Skip("the OpenAI SDK sends its key as Authorization: Bearer, and ROSTRO_TOKEN is unset");
            return null!;
        }

        var http = new HttpClient(around?.Invoke(Target.Handler) ?? Target.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        return new OpenAIClient(new ApiKeyCredential(token), new OpenAIClientOptions
        {
            Endpoint = new Uri(Target.BaseAddress, "v1"),
            Transport = new HttpClientPipelineTransport(http),
            // Retries are the pipeline's (network errors and 429 only); the SDK would also retry 5xx.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }

    private const string Client = "the OpenAI .NET SDK";

    [ContractFact]
    public async Task SDK_lists_the_models()
    {
        var models = await Sdk().GetOpenAIModelClient().GetModelsAsync(Cancellation);

        var ids = models.Value.Select(m => m.Id).ToList();
        ClientRules.Hold(Target, Client, "listModels", ids.Count > 0, "the model list the SDK reads holds models", "an empty list");
        // The spec's ModelId enum (CURATION 15) names the models every target serves.
        ClientRules.Hold(Target, Client, "listModels", ids.Contains("mythomax"), "the list holds mythomax, a model of the spec", $"models {string.Join(", ", ids.Take(10))}");
    }

    [ContractFact(Credits = CreditPlan.SdkChat)]
    public async Task SDK_completes_a_chat_with_content_finish_reason_and_usage()
    {
        using var credit = Target.Credits.Reserve(CreditPlan.SdkChat);
        ChatCompletion completion = await Sdk().GetChatClient("mythomax").CompleteChatAsync(
            [new UserChatMessage("Tell me about dragons.")], new ChatCompletionOptions { MaxOutputTokenCount = 12 }, Cancellation);

        var text = completion.Content.Count > 0 ? completion.Content[0].Text : null;
        ClientRules.Hold(Target, Client, "createChatCompletion", !string.IsNullOrWhiteSpace(text), "the completion the SDK reads has content", "no text");
        ClientRules.Hold(Target, Client, "createChatCompletion", completion.FinishReason is ChatFinishReason.Stop or ChatFinishReason.Length, "it ends with finish_reason stop or length (12 tokens asked)", $"{completion.FinishReason}");
        var usage = completion.Usage;
        ClientRules.Hold(Target, Client, "createChatCompletion", usage is not null && usage.TotalTokenCount == usage.InputTokenCount + usage.OutputTokenCount, "usage.total_tokens = prompt_tokens + completion_tokens", usage is null ? "no usage" : $"{usage.TotalTokenCount} = {usage.InputTokenCount} + {usage.OutputTokenCount}", CompletionsPlan.UsageConsistent);
    }

    [ContractFact(Credits = CreditPlan.SdkStream)]
    [Trait("Category", "Streaming")]
    public async Task SDK_streams_updates_a_finish_reason_and_the_usage()
    {
        using var credit = Target.Credits.Reserve(CreditPlan.SdkStream);
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Sdk().GetChatClient("mythomax").CompleteChatStreamingAsync([new UserChatMessage("Hello!")], new ChatCompletionOptions { MaxOutputTokenCount = 12 }, Cancellation))
        {
            updates.Add(update);
        }

        var text = string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text));
        ClientRules.Hold(Target, Client, "createChatCompletion", !string.IsNullOrWhiteSpace(text), "the stream the SDK reads carries content", $"{updates.Count} updates without text");
        ClientRules.Hold(Target, Client, "createChatCompletion", updates.Any(u => u.FinishReason != null), "an update carries the finish_reason", $"{updates.Count} updates, none with one");
        // The SDK asks for usage in every stream (stream_options.include_usage).
        var usage = updates.LastOrDefault(u => u.Usage is not null)?.Usage;
        ClientRules.Hold(Target, Client, "createChatCompletion", usage?.OutputTokenCount > 0, "the stream ends with the usage the SDK asked for, with completion tokens", usage is null ? "no usage" : $"completion_tokens {usage.OutputTokenCount}", CompletionsPlan.UsageWhenAsked);
    }

    [ContractFact(MockOnly = StreamingTests.StreamFaults)]
    [Trait("Category", "Streaming")]
    [Trait("Category", "MockOnly")]
    public async Task SDK_sees_a_cut_stream_as_an_error_not_as_an_answer()
    {
        RequireOwnGate();
        var client = Sdk(inner => new HeaderHandler("X-Mock-Drop-After-Events", "5") { InnerHandler = inner });

        var reading = async () =>
        {
            await foreach (var _ in client.GetChatClient("mythomax").CompleteChatStreamingAsync([new UserChatMessage("Hello!")], cancellationToken: Cancellation))
            {
            }
        };

        await reading.Should().ThrowAsync<Exception>("a stream that ends before data: [DONE] is no complete answer");
    }

    private sealed class HeaderHandler(string name, string value) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(name, value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
