using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Streaming;

/// <summary>Streams the real mock cuts with its own faults, over real sockets: what a caller sees when a connection breaks.</summary>
[Collection(MockServerCollection.Name)]
public class StreamCutTests(MockServerFixture fixture)
{
    private static readonly (string, string)[] s_fast = [("X-Mock-Ttft-Ms", "0"), ("X-Mock-Inter-Token-Ms", "0"), ("X-Mock-Output-Tokens", "30")];

    private static CreateChatCompletionRequest Chat() => new()
    {
        Model = "mythomax",
        Messages = [new ChatCompletionRequestMessage { Role = ChatCompletionRequestMessageRole.User, Content = "Tell me about dragons." }],
    };

    private static async Task<(RostroStreamException Thrown, int Received)> ReadUntilItBreaksAsync(IAsyncEnumerable<ChatCompletionChunk> stream)
    {
        var received = 0;
        var read = async () =>
        {
            await foreach (var chunk in stream)
            {
                received++;
            }
        };

        var thrown = (await read.Should().ThrowAsync<RostroStreamException>().WaitAsync(TimeSpan.FromSeconds(30))).Which;
        return (thrown, received);
    }

    [Fact]
    public async Task A_connection_the_server_drops_mid_stream_throws_RostroStreamException_with_the_events_received()
    {
        var client = fixture.Client<MimicClient>([.. s_fast, ("X-Mock-Drop-After-Events", "5")]);

        var (thrown, received) = await ReadUntilItBreaksAsync(client.StreamChatCompletionAsync(Chat()));

        received.Should().Be(5);
        thrown.EventsReceived.Should().Be(5);
        thrown.Message.Should().Contain("after 5 chunk(s)").And.Contain("[DONE]");
        thrown.InnerException.Should().BeAssignableTo<IOException>("the transport's own error is kept as the cause");
    }

    [Fact]
    public async Task A_stalled_stream_the_server_aborts_throws_RostroStreamException_with_the_events_received()
    {
        var client = fixture.Client<MimicClient>([.. s_fast, ("X-Mock-Stall-After-Events", "3"), ("X-Mock-Stall-Max-Ms", "300")]);

        var (thrown, received) = await ReadUntilItBreaksAsync(client.StreamChatCompletionAsync(Chat()));

        received.Should().Be(3);
        thrown.EventsReceived.Should().Be(3);
        thrown.InnerException.Should().BeAssignableTo<IOException>();
    }

    [Fact]
    public async Task A_text_completion_stream_the_server_drops_throws_the_same_way()
    {
        var client = fixture.Client<MimicClient>([.. s_fast, ("X-Mock-Drop-After-Events", "2")]);
        var received = 0;

        var read = async () =>
        {
            await foreach (var chunk in client.StreamCompletionAsync(new CreateCompletionRequest { Model = "mythomax", Prompt = "Once upon a time" }))
            {
                received++;
            }
        };

        var thrown = (await read.Should().ThrowAsync<RostroStreamException>().WaitAsync(TimeSpan.FromSeconds(30))).Which;
        thrown.EventsReceived.Should().Be(2);
        received.Should().Be(2);
    }

    [Fact]
    public async Task An_unbroken_stream_from_the_mock_ends_on_DONE_without_an_exception()
    {
        var client = fixture.Client<MimicClient>(s_fast);
        var chunks = new List<ChatCompletionChunk>();

        await foreach (var chunk in client.StreamChatCompletionAsync(Chat()))
        {
            chunks.Add(chunk);
        }

        chunks.SelectMany(c => c.Choices).Select(c => c.Delta.Content).Should().Contain(c => !string.IsNullOrEmpty(c));
        chunks.SelectMany(c => c.Choices).Select(c => c.FinishReason)
            .Should().Contain(r => r == ChatCompletionChunkFinishReason.Stop || r == ChatCompletionChunkFinishReason.Length, "30 tokens end the choice");
    }
}
