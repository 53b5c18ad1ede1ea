using System.Text;

namespace Rostro.Load.Tests.Streaming;

public sealed class CompletionChunkTests
{
    private static CompletionChunk Parse(string data, bool capture = false) => CompletionChunk.Parse(Encoding.UTF8.GetBytes(data), capture);

    [Fact]
    public void A_role_chunk_carries_no_content()
    {
        Parse("""{"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""").HasContent.Should().BeFalse();
    }

    [Fact]
    public void A_chat_delta_with_text_carries_content()
    {
        var chunk = Parse("""{"id":"c","choices":[{"index":0,"delta":{"content":"Hello"}}]}""", capture: true);
        chunk.HasContent.Should().BeTrue();
        chunk.Text.Should().Be("Hello");
    }

    [Fact]
    public void A_text_completion_chunk_carries_content()
    {
        Parse("""{"id":"cmpl","choices":[{"index":0,"text":" world","logprobs":null}]}""").HasContent.Should().BeTrue();
    }

    [Fact]
    public void A_tool_call_argument_is_content()
    {
        Parse("""{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\""}}]}}]}""").HasContent.Should().BeTrue();
    }

    [Fact]
    public void The_usage_chunk_gives_the_servers_token_count()
    {
        var chunk = Parse("""{"id":"c","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":20,"total_tokens":32}}""");
        chunk.CompletionTokens.Should().Be(20);
        chunk.HasContent.Should().BeFalse();
    }

    [Fact]
    public void Done_ends_the_stream()
    {
        Parse("[DONE]").IsDone.Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"id":"c","choices":[{"delta":{"con""")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Half_an_object_or_not_an_object_is_malformed(string data)
    {
        Parse(data).IsMalformed.Should().BeTrue();
    }
}
