using System.CodeDom.Compiler;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Enums;

public class ExtensibleEnumTests
{
    private const string ChatCompletion =
        """{"id":"c1","object":"chat.completion","created":1,"model":"mythomax","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"FINISH_REASON"}]}""";

    private static readonly JsonSerializerOptions s_json = RostroJson.Configure(new JsonSerializerOptions());

    private readonly RecordingHandler _handler = new();

    private static IEnumerable<Type> GeneratedEnums => typeof(ProjectSummary).Assembly.GetExportedTypes()
        .Where(t => t.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == "NJsonSchema" && (t.IsEnum || t.GetMethod("op_Implicit", [typeof(string)]) is not null));

    private Task<ChatCompletion> CompleteAsync(string finishReason)
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.OK, ChatCompletion.Replace("FINISH_REASON", finishReason, StringComparison.Ordinal));
        return Clients.Create<MimicClient>(_handler).CreateChatCompletionAsync(new CreateChatCompletionRequest { Model = "mythomax" });
    }

    [Fact]
    public async Task A_finish_reason_the_spec_does_not_list_deserializes_and_keeps_its_value()
    {
        var completion = await CompleteAsync("guardrail_intervened");

        var reason = completion.Choices.Single().FinishReason;
        reason.ToString().Should().Be("guardrail_intervened");
        reason.Should().NotBe(FinishReason.Stop).And.NotBe(FinishReason.ContentFilter);
        reason.Should().Be((FinishReason)"guardrail_intervened");
    }

    [Fact]
    public async Task An_unknown_value_is_written_back_exactly_as_it_arrived()
    {
        var completion = await CompleteAsync("guardrail_intervened");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(completion, s_json));
        json.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("guardrail_intervened");
    }

    [Fact]
    public async Task A_known_value_compares_equal_to_its_static_property_and_its_wire_string()
    {
        var reason = (await CompleteAsync("tool_calls")).Choices.Single().FinishReason;

        reason.Should().Be(FinishReason.ToolCalls);
        (reason == FinishReason.ToolCalls).Should().BeTrue();
        (reason != FinishReason.Stop).Should().BeTrue();
        reason.Equals((object)FinishReason.ToolCalls).Should().BeTrue();
        reason.GetHashCode().Should().Be(FinishReason.ToolCalls.GetHashCode());
        reason.Should().Be((FinishReason)"tool_calls");
    }

    [Fact]
    public void Values_compare_ordinally_as_the_wire_does()
    {
        ((FinishReason)"Stop").Should().NotBe(FinishReason.Stop);
        new FinishReason("stop").Should().Be(FinishReason.Stop);
    }

    [Fact]
    public async Task An_unknown_object_kind_in_a_stream_is_kept_and_does_not_break_the_stream()
    {
        const string events =
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk.v2\",\"created\":1,\"model\":\"mythomax\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":\"paused\"}]}\n\n" +
            "data: [DONE]\n\n";
        _handler.Respond = () => RecordingHandler.EventStream(new MemoryStream(Encoding.UTF8.GetBytes(events)));

        var chunks = new List<ChatCompletionChunk>();
        await foreach (var chunk in Clients.Create<MimicClient>(_handler).StreamChatCompletionAsync(new CreateChatCompletionRequest { Model = "mythomax" }))
        {
            chunks.Add(chunk);
        }

        chunks.Single().Object.ToString().Should().Be("chat.completion.chunk.v2");
        chunks.Single().Object.Should().NotBe(ChatCompletionChunkObject.ChatCompletionChunk);
        chunks.Single().Choices.Single().FinishReason.Should().Be((ChatCompletionChunkFinishReason)"paused");
    }

    [Fact]
    public void Serialization_writes_the_wire_string_of_a_known_value()
    {
        var message = new ChatCompletionRequestMessage { Role = ChatCompletionRequestMessageRole.System, Content = "Be brief." };

        JsonSerializer.Serialize(message, s_json).Should().Be("""{"role":"system","content":"Be brief."}""");
    }

    [Fact]
    public void A_null_reason_of_a_chunk_is_null_not_a_value()
    {
        var choice = JsonSerializer.Deserialize<ChatCompletionChunkChoice>("""{"index":0,"delta":{},"finish_reason":null}""", s_json)!;

        choice.FinishReason.Should().BeNull();
    }

    [Fact]
    public void Every_generated_enum_is_extensible_and_round_trips_a_value_it_does_not_list()
    {
        GeneratedEnums.Should().NotBeEmpty().And.Contain(typeof(FinishReason)).And.Contain(typeof(ModelId));

        foreach (var type in GeneratedEnums)
        {
            type.IsEnum.Should().BeFalse($"{type.Name} must accept values the spec does not list yet");
            var value = JsonSerializer.Deserialize("\"a-value-added-later\"", type, s_json);
            value!.ToString().Should().Be("a-value-added-later", type.Name);
            JsonSerializer.Serialize(value, type, s_json).Should().Be("\"a-value-added-later\"", type.Name);
        }
    }

    [Fact]
    public void An_unset_value_is_written_as_null_and_has_no_wire_value()
    {
        JsonSerializer.Serialize(default(FinishReason), s_json).Should().Be("null");
        default(FinishReason).ToString().Should().BeEmpty();
        default(FinishReason).Should().NotBe(FinishReason.Stop);
    }
}
