using System.Net;
using System.Text;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Streaming;

public class StreamingTests
{
    private const string ChatStream =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"mythomax\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"H\u00e9l\"},\"finish_reason\":null}]}\r\n\r\n" +
        ": keep-alive comment\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"mythomax\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \u2713\"},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"mythomax\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n" +
        "data: [DONE]\n\n";

    private readonly RecordingHandler _handler = new();

    private static CreateChatCompletionRequest Chat() => new()
    {
        Model = "mythomax",
        Messages = [new ChatCompletionRequestMessage { Role = ChatCompletionRequestMessageRole.User, Content = "Hi" }],
        StreamOptions = new StreamOptions { IncludeUsage = true },
    };

    private MimicClient Respond(Stream events)
    {
        _handler.Respond = () => RecordingHandler.EventStream(events);
        return Clients.Create<MimicClient>(_handler);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static string Text(IEnumerable<ChatCompletionChunk> chunks) =>
        string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Delta.Content));

    [Fact]
    public async Task A_chat_stream_yields_every_chunk_including_the_usage_chunk_and_ends_on_DONE()
    {
        var request = Chat();
        var chunks = await ToListAsync(Respond(new MemoryStream(Encoding.UTF8.GetBytes(ChatStream))).StreamChatCompletionAsync(request));

        chunks.Should().HaveCount(3);
        Text(chunks).Should().Be("H\u00e9llo \u2713");
        chunks[1].Choices.Single().FinishReason.Should().Be(ChatCompletionChunkFinishReason.Stop);
        chunks[2].Choices.Should().BeEmpty();
        chunks[2].Usage!.TotalTokens.Should().Be(7);
        request.Stream.Should().BeNull("the caller's request object is not changed");
    }

    [Fact]
    public async Task A_stream_request_posts_stream_true_and_accepts_text_event_stream()
    {
        await ToListAsync(Respond(new MemoryStream("data: [DONE]\n\n"u8.ToArray())).StreamChatCompletionAsync(Chat()));

        var request = _handler.Single;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/base/v1/chat/completions");
        request.Header("Accept").Should().Be("text/event-stream");
        request.Header("Authorization").Should().Be("Bearer test-token");
        request.Json.GetProperty("stream").GetBoolean().Should().BeTrue();
        request.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_stream_delivered_one_byte_per_read_parses_to_the_same_chunks()
    {
        var bytes = Encoding.UTF8.GetBytes(ChatStream);
        var trickle = new TrickleStream(bytes, 1);

        var chunks = await ToListAsync(Respond(trickle).StreamChatCompletionAsync(Chat()));

        trickle.Reads.Should().BeGreaterThanOrEqualTo(bytes.Length, "every byte arrived in its own read");
        chunks.Should().HaveCount(3);
        Text(chunks).Should().Be("H\u00e9llo \u2713");
    }

    [Theory]
    [InlineData(new[] { 2, 7, 3 })]
    [InlineData(new[] { 5, 1, 13, 1 })]
    [InlineData(new[] { 64, 3 })]
    public async Task A_stream_split_at_awkward_boundaries_inside_CRLF_and_multibyte_characters_parses_the_same(int[] chunkSizes)
    {
        var chunks = await ToListAsync(Respond(new TrickleStream(Encoding.UTF8.GetBytes(ChatStream), chunkSizes)).StreamChatCompletionAsync(Chat()));

        chunks.Should().HaveCount(3);
        Text(chunks).Should().Be("H\u00e9llo \u2713");
        chunks[2].Usage!.PromptTokens.Should().Be(5);
    }

    [Fact]
    public async Task A_stream_that_breaks_off_before_DONE_throws_after_yielding_what_arrived()
    {
        var cut = ChatStream[..ChatStream.IndexOf("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"mythomax\",\"choices\":[]", StringComparison.Ordinal)];
        var received = new List<ChatCompletionChunk>();

        var read = async () =>
        {
            await foreach (var chunk in Respond(new MemoryStream(Encoding.UTF8.GetBytes(cut))).StreamChatCompletionAsync(Chat()))
            {
                received.Add(chunk);
            }
        };

        var thrown = (await read.Should().ThrowAsync<RostroStreamException>()).Which;
        thrown.Message.Should().Contain("[DONE]");
        thrown.EventsReceived.Should().Be(2);
        received.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_stream_cut_in_the_middle_of_an_event_throws()
    {
        var cut = ChatStream[..40];

        var read = () => ToListAsync(Respond(new MemoryStream(Encoding.UTF8.GetBytes(cut))).StreamChatCompletionAsync(Chat()));

        await read.Should().ThrowAsync<RostroStreamException>();
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_the_enumeration_while_the_server_is_still_sending()
    {
        var first = ChatStream[..(ChatStream.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        var read = async () =>
        {
            await foreach (var chunk in Respond(new TrickleStream(Encoding.UTF8.GetBytes(first), 8) { HangAtEnd = true })
                .StreamChatCompletionAsync(Chat(), cancellation.Token))
            {
                received++;
                await cancellation.CancelAsync();
            }
        };

        await read.Should().ThrowAsync<OperationCanceledException>().WaitAsync(TimeSpan.FromSeconds(10));
        received.Should().Be(1);
    }

    [Fact]
    public async Task A_completions_stream_yields_text_completion_chunks()
    {
        const string events =
            "data: {\"id\":\"t1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"mythomax\",\"choices\":[{\"index\":0,\"text\":\"Once\",\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"t1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"mythomax\",\"choices\":[{\"index\":0,\"text\":\" upon\",\"finish_reason\":\"length\"}]}\n\n" +
            "data: [DONE]\n\n";

        var chunks = await ToListAsync(Respond(new MemoryStream(Encoding.UTF8.GetBytes(events)))
            .StreamCompletionForModelAsync(ModelId.Mythomax, new CreateCompletionRequest { Prompt = "Tell" }));

        string.Concat(chunks.SelectMany(c => c.Choices).Select(c => c.Text)).Should().Be("Once upon");
        _handler.Single.Path.Should().Be("/base/mythomax/v1/completions");
        _handler.Single.Json.GetProperty("prompt").GetString().Should().Be("Tell");
    }

    [Fact]
    public async Task An_error_answer_to_a_stream_request_throws_the_typed_envelope()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.UnprocessableEntity,
            """{"detail":[{"loc":["body","model"],"msg":"Field required","type":"missing"}]}""");

        var read = () => ToListAsync(Clients.Create<MimicClient>(_handler).StreamChatCompletionAsync(Chat()));

        var thrown = (await read.Should().ThrowAsync<RostroApiException<ValidationErrorResponse>>()).Which;
        thrown.StatusCode.Should().Be(422);
        thrown.ValidationErrors.Single().Loc.Select(s => s.ToString()).Should().Equal("body", "model");
    }

    [Fact]
    public async Task A_JSON_answer_to_a_stream_request_throws_a_stream_exception()
    {
        _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.OK, "{}");

        var read = () => ToListAsync(Clients.Create<MimicClient>(_handler).StreamChatCompletionAsync(Chat()));

        (await read.Should().ThrowAsync<RostroStreamException>()).Which.Message.Should().Contain("application/json");
    }

    [Fact]
    public async Task An_error_event_mid_stream_throws_a_stream_exception_with_the_servers_message()
    {
        const string events = "data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n";

        var read = () => ToListAsync(Respond(new MemoryStream(Encoding.UTF8.GetBytes(events))).StreamChatCompletionAsync(Chat()));

        (await read.Should().ThrowAsync<RostroStreamException>()).Which.Message.Should().Contain("model crashed");
    }

    [Fact]
    public async Task Each_streaming_method_posts_to_the_path_of_its_generated_twin()
    {
        var json = Clients.Create<MimicClient>(_handler);
        var pairs = new (Func<Task> Generated, Func<Task> Streaming)[]
        {
            (() => json.CreateChatCompletionAsync(Chat()), () => Stream(c => c.StreamChatCompletionAsync(Chat()))),
            (() => json.CreateChatCompletionForModelAsync(ModelId.Asha, Chat()), () => Stream(c => c.StreamChatCompletionForModelAsync(ModelId.Asha, Chat()))),
            (() => json.CreateChubChatCompletionAsync(ModelId.Soji, Chat()), () => Stream(c => c.StreamChubChatCompletionAsync(ModelId.Soji, Chat()))),
            (() => json.CreateCompletionAsync(new CreateCompletionRequest { Prompt = "p" }), () => Stream(c => c.StreamCompletionAsync(new CreateCompletionRequest { Prompt = "p" }))),
            (() => json.CreateCompletionForModelAsync(ModelId.Mixtral, new CreateCompletionRequest { Prompt = "p" }), () => Stream(c => c.StreamCompletionForModelAsync(ModelId.Mixtral, new CreateCompletionRequest { Prompt = "p" }))),
            (() => json.CreateChubCompletionAsync(ModelId.Mobile, new CreateCompletionRequest { Prompt = "p" }), () => Stream(c => c.StreamChubCompletionAsync(ModelId.Mobile, new CreateCompletionRequest { Prompt = "p" }))),
        };

        foreach (var (generated, streaming) in pairs)
        {
            _handler.Respond = () => RecordingHandler.Json(HttpStatusCode.OK, "{}");
            await generated();
            await streaming();
        }

        var requests = _handler.Requests;
        requests.Should().HaveCount(pairs.Length * 2);
        for (var i = 0; i < requests.Count; i += 2)
        {
            requests[i + 1].Method.Should().Be(requests[i].Method);
            requests[i + 1].Path.Should().Be(requests[i].Path);
        }

        Task Stream<T>(Func<MimicClient, IAsyncEnumerable<T>> call) =>
            ToListAsync(Respond(new MemoryStream("data: [DONE]\n\n"u8.ToArray())).Let(call));
    }
}

internal static class FunctionalExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
