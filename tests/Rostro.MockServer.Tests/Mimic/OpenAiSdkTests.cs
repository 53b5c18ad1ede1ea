using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Rostro.MockServer.Tests.Mimic;

/// <summary>The official OpenAI .NET SDK (2.15.0), unmodified, pointed at the mock's <c>/v1</c>.</summary>
[Collection(MimicCollection.Name)]
public sealed class OpenAiSdkTests(MimicServerFixture mock)
{
    private OpenAIClient Client => new(new ApiKeyCredential(MimicServerFixture.Token), new OpenAIClientOptions { Endpoint = new Uri(mock.Server.Url + "/v1") });

    [Fact]
    public async Task The_SDK_lists_the_models()
    {
        var models = await Client.GetOpenAIModelClient().GetModelsAsync();

        models.Value.Select(m => m.Id).Should().Contain("mythomax");
    }

    [Fact]
    public async Task The_SDK_completes_a_chat_with_text_finish_reason_and_usage()
    {
        ChatCompletion completion = await Client.GetChatClient("mythomax").CompleteChatAsync(
            [new SystemChatMessage("You are a helpful storyteller."), new UserChatMessage("Tell me about dragons.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 20 });

        completion.Id.Should().StartWith("chatcmpl-");
        completion.Model.Should().Be("mythomax");
        completion.Role.Should().Be(ChatMessageRole.Assistant);
        completion.Content[0].Text.Should().NotBeNullOrWhiteSpace();
        completion.FinishReason.Should().Be(ChatFinishReason.Length);
        completion.Usage.OutputTokenCount.Should().Be(20);
        completion.Usage.InputTokenCount.Should().Be(11);
        completion.Usage.TotalTokenCount.Should().Be(31);
    }

    [Fact]
    public async Task The_SDK_streams_token_updates_and_the_usage()
    {
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Client.GetChatClient("asha").CompleteChatStreamingAsync([new UserChatMessage("Hello!")], new ChatCompletionOptions { MaxOutputTokenCount = 15 }))
        {
            updates.Add(update);
        }

        var text = string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text));
        updates.Count(u => u.ContentUpdate.Count > 0 && u.ContentUpdate[0].Text.Length > 0).Should().Be(15);
        updates.Should().Contain(u => u.FinishReason == ChatFinishReason.Length);
        var usage = updates.Single(u => u.Usage is not null).Usage;
        usage.OutputTokenCount.Should().Be(15);
        usage.InputTokenCount.Should().Be(2);
        text.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_SDK_gets_a_tool_call_it_can_parse()
    {
        var options = new ChatCompletionOptions { ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        options.Tools.Add(ChatTool.CreateFunctionTool(
            "get_weather",
            "Current weather of a city.",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")));

        ChatCompletion completion = await Client.GetChatClient("mythomax").CompleteChatAsync([new UserChatMessage("What is the weather in Paris?")], options);

        completion.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        var call = completion.ToolCalls.Single();
        call.FunctionName.Should().Be("get_weather");
        call.Id.Should().StartWith("call_");
        JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString().Should().Be("Paris");
    }

    [Fact]
    public async Task The_SDK_cancelling_mid_stream_ends_the_request_on_the_server_at_once()
    {
        var id = Guid.NewGuid().ToString("N");
        var options = new OpenAIClientOptions { Endpoint = new Uri(mock.Server.Url + "/v1") };
        // 1,000 tokens at 20 ms would take 20 s; the test leaves after 5.
        options.AddPolicy(new HeadersPolicy(new Dictionary<string, string> { ["X-Test-Id"] = id, ["X-Mock-Inter-Token-Ms"] = "20", ["X-Mock-Output-Tokens"] = "1000" }), PipelinePosition.PerCall);
        var client = new OpenAIClient(new ApiKeyCredential(MimicServerFixture.Token), options);
        using var cancel = new CancellationTokenSource();
        var received = 0;

        var streaming = async () =>
        {
            await foreach (var update in client.GetChatClient("mythomax").CompleteChatStreamingAsync([new UserChatMessage("Tell me everything.")], cancellationToken: cancel.Token))
            {
                if (update.ContentUpdate.Count > 0 && ++received == 5)
                {
                    cancel.Cancel();
                }
            }
        };

        await streaming.Should().ThrowAsync<OperationCanceledException>();
        var left = Stopwatch.StartNew();
        while (!mock.Server.Journal.Snapshot(1000).Any(e => e.Headers.TryGetValue("X-Test-Id", out var value) && value == id))
        {
            left.ElapsedMilliseconds.Should().BeLessThan(2_000, "the server ends the stream when the SDK cancels (it had 20 s to go)");
            await Task.Delay(20);
        }

        received.Should().Be(5);
    }

    private sealed class HeadersPolicy(IReadOnlyDictionary<string, string> headers) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Add(PipelineMessage message)
        {
            foreach (var (name, value) in headers)
            {
                message.Request.Headers.Set(name, value);
            }
        }
    }
}
