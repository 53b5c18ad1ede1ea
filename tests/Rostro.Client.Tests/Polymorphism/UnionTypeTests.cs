using System.Text.Json;

namespace Rostro.Client.Tests.Polymorphism;

public class UnionTypeTests
{
    private static readonly JsonSerializerOptions s_options = RostroJson.Configure(new JsonSerializerOptions());

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, s_options);

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, s_options)!;

    [Fact]
    public void Message_content_round_trips_as_a_string_or_as_parts()
    {
        Write(new ChatCompletionRequestMessage { Role = ChatCompletionRequestMessageRole.User, Content = "Hi" })
            .Should().Be("""{"role":"user","content":"Hi"}""");

        var parts = Write<ChatMessageContent>(new[] { new ChatCompletionContentPart { Type = ChatCompletionContentPartType.Text, Text = "Hi" } });
        parts.Should().Be("""[{"type":"text","text":"Hi"}]""");

        Read<ChatCompletionRequestMessage>("""{"role":"user","content":"Hi"}""").Content!.Text.Should().Be("Hi");
        Read<ChatCompletionRequestMessage>("""{"role":"user","content":[{"type":"text","text":"Hi"}]}""").Content!.Parts.Should().ContainSingle().Which.Text.Should().Be("Hi");
        Read<ChatCompletionRequestMessage>("""{"role":"assistant","content":null}""").Content.Should().BeNull();
    }

    [Fact]
    public void Stop_keeps_its_wire_form_single_string_or_array()
    {
        Write<StopSequences>("\n").Should().Be("\"\\n\"");
        Write<StopSequences>(new[] { "a", "b" }).Should().Be("""["a","b"]""");
        Read<StopSequences>("""["x"]""").Should().Match<StopSequences>(s => !s.IsSingle && s.Sequences.Single() == "x");
        Read<StopSequences>("\"x\"").IsSingle.Should().BeTrue();
    }

    [Fact]
    public void Tool_choice_is_a_mode_string_or_a_named_function()
    {
        Write(ToolChoice.Required).Should().Be("\"required\"");
        Write(ToolChoice.Function("get_weather")).Should().Be("""{"type":"function","function":{"name":"get_weather"}}""");
        Read<ToolChoice>("""{"type":"function","function":{"name":"f"}}""").Named!.Function.Name.Should().Be("f");
        Read<ToolChoice>("\"none\"").Mode.Should().Be("none");
    }

    [Fact]
    public void Deprecated_function_call_is_a_mode_string_or_a_name_object()
    {
        Write(FunctionCallChoice.Auto).Should().Be("\"auto\"");
        Write(FunctionCallChoice.Function("f")).Should().Be("""{"name":"f"}""");
        Read<FunctionCallChoice>("""{"name":"g"}""").Name.Should().Be("g");
    }

    [Fact]
    public void Completion_prompt_accepts_each_of_its_four_forms()
    {
        Write<CompletionPrompt>("text").Should().Be("\"text\"");
        Write<CompletionPrompt>(new[] { "a", "b" }).Should().Be("""["a","b"]""");
        Write<CompletionPrompt>(new[] { 1, 2 }).Should().Be("[1,2]");
        Write<CompletionPrompt>(new[] { new[] { 1 }, new[] { 2, 3 } }).Should().Be("[[1],[2,3]]");
        Read<CompletionPrompt>("[[1],[2]]").Value.Should().BeOfType<int[][]>();
        Read<CompletionPrompt>("[1]").Value.Should().BeOfType<int[]>();
        Read<CompletionPrompt>("""["a"]""").Value.Should().BeOfType<string[]>();
    }

    [Fact]
    public void Stop_reason_reads_a_sequence_or_a_token_id()
    {
        Read<StopReason>("\"</s>\"").Sequence.Should().Be("</s>");
        Read<StopReason>("2").TokenId.Should().Be(2);
        Read<ChatCompletionChoice>("""{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop","stop_reason":null}""")
            .StopReason.Should().BeNull();
    }

    [Fact]
    public void Enums_use_their_wire_values_in_both_directions()
    {
        Write(new ChatCompletionRequestMessage { Role = ChatCompletionRequestMessageRole.Developer }).Should().Be("""{"role":"developer"}""");
        Read<ChatCompletionChunk>("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}""")
            .Object.Should().Be(ChatCompletionChunkObject.ChatCompletionChunk);
    }

    [Fact]
    public void A_value_of_none_of_the_branches_is_a_JSON_error()
    {
        var read = () => Read<StopSequences>("42");

        read.Should().Throw<JsonException>().WithMessage("*StopSequences*Number*");
    }
}
