using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Rostro.Client;
using Rostro.MockServer.Mimic;

namespace Rostro.MockServer.Tests.Mimic;

/// <summary>
/// <see cref="MimicJsonWriter"/> writes the completions by hand for speed, wire names included; its output read back
/// into the spec's wire models (Rostro.Wire, generated from the spec) must fill them, field by field, and leave nothing
/// over: a name the writer misspells lands in a model's <c>AdditionalProperties</c> and its field stays unset.
/// </summary>
[Collection(MimicCollection.Name)]
public sealed class MimicWireModelTests(MimicServerFixture mock)
{
    private static readonly JsonSerializerOptions s_read = RostroJson.Configure(new JsonSerializerOptions());

    [Fact]
    public async Task A_chat_completion_with_logprobs_reads_into_ChatCompletion_with_every_field_known()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"n\":2,\"max_completion_tokens\":6,\"logprobs\":true,\"top_logprobs\":2"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var completion = Read<ChatCompletion>(await response.Content.ReadAsStringAsync());

        completion.Id.Should().StartWith("chatcmpl-");
        completion.Object.Should().Be(ChatCompletionObject.ChatCompletion);
        completion.Model.Should().Be("mythomax");
        completion.Choices.Should().HaveCount(2);
        foreach (var choice in completion.Choices)
        {
            choice.FinishReason.Should().Be(FinishReason.Length);
            choice.Message.Role.Should().Be(ChatCompletionResponseMessageRole.Assistant);
            var tokens = choice.Logprobs!.Content!;
            tokens.Should().HaveCount(6);
            string.Concat(tokens.Select(t => t.Token)).Should().Be(choice.Message.Content);
            tokens.Should().OnlyContain(t => t.TopLogprobs.Count == 2);
        }

        completion.Usage!.CompletionTokens.Should().Be(12);
        completion.Usage.TotalTokens.Should().Be(completion.Usage.PromptTokens + 12);
    }

    [Fact]
    public async Task A_tool_call_reads_into_the_models_tool_call()
    {
        const string body = """
            {"model":"mythomax","messages":[{"role":"user","content":"Weather in Paris?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"tool_choice":"required"}
            """;
        using var response = await mock.PostAsync("/v1/chat/completions", body);
        var completion = Read<ChatCompletion>(await response.Content.ReadAsStringAsync());

        var choice = completion.Choices.Single();
        choice.FinishReason.Should().Be(FinishReason.ToolCalls);
        var call = choice.Message.ToolCalls!.Single();
        call.Id.Should().StartWith("call_");
        call.Function.Name.Should().Be("get_weather");
        JsonDocument.Parse(call.Function.Arguments).RootElement.GetProperty("city").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_text_completion_with_echo_and_logprobs_reads_into_Completion_with_every_field_known()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":"The river","max_tokens":4,"logprobs":2,"echo":true}""");
        var completion = Read<Completion>(await response.Content.ReadAsStringAsync());

        completion.Id.Should().StartWith("cmpl-");
        var choice = completion.Choices.Single();
        choice.Text.Should().StartWith("The river");
        choice.FinishReason.Should().Be(CompletionFinishReason.Length);
        choice.Logprobs!.Tokens.Should().HaveSameCount(choice.Logprobs.TextOffset);
        choice.Logprobs.Tokens.Should().HaveCount(4, "the generated tokens (the echoed prompt carries none)");
        choice.Text.Should().Be("The river" + string.Concat(choice.Logprobs.Tokens!));
        choice.Logprobs.TopLogprobs.Should().OnlyContain(alternatives => alternatives.Count == 2);
        completion.Usage!.CompletionTokens.Should().Be(4);
    }

    [Fact]
    public async Task Every_chunk_of_a_stream_reads_into_ChatCompletionChunk_with_every_field_known()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_completion_tokens\":5"));
        var events = await MimicServerFixture.ReadEventsAsync(response);

        var chunks = events.Where(e => !e.IsDone).Select(e => Read<ChatCompletionChunk>(e.Data)).ToList();
        chunks.Should().HaveCountGreaterThan(5, "a role chunk, five token chunks, a finish chunk and a usage chunk");
        chunks.Select(c => c.Id).Distinct().Should().ContainSingle();
        string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta?.Content)).Should().NotBeEmpty();
        chunks.SelectMany(c => c.Choices).Where(c => c.FinishReason is not null).Should().ContainSingle()
            .Which.FinishReason.Should().Be(ChatCompletionChunkFinishReason.Length);
        chunks[^1].Usage!.CompletionTokens.Should().Be(5);
        events[^1].IsDone.Should().BeTrue();
    }

    private static T Read<T>(string json)
    {
        var model = JsonSerializer.Deserialize<T>(json, s_read)!;
        Unknown(model, typeof(T).Name).Should().BeEmpty("every name the writer wrote is a field of the spec's model");
        return model;
    }

    // The names that landed in AdditionalProperties anywhere in the model graph, with where.
    private static List<string> Unknown(object? value, string at)
    {
        var found = new List<string>();
        switch (value)
        {
            case null or string or JsonElement:
                break;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    found.AddRange(Unknown(item, $"{at}[{i++}]"));
                }

                break;
            default:
                var type = value.GetType();
                if (type.Assembly != typeof(RostroJson).Assembly || !type.IsClass)
                {
                    break;
                }

                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.Name == "AdditionalProperties")
                    {
                        found.AddRange(((IDictionary<string, object>)property.GetValue(value)!).Keys.Select(k => $"{at}.{k}"));
                    }
                    else if (property.GetIndexParameters().Length == 0)
                    {
                        found.AddRange(Unknown(property.GetValue(value), $"{at}.{property.Name}"));
                    }
                }

                break;
        }

        return found;
    }
}
