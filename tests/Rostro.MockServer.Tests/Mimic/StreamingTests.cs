using System.Net;
using System.Text.Json.Nodes;
using Rostro.MockServer.Mimic;

namespace Rostro.MockServer.Tests.Mimic;

[Collection(MimicCollection.Name)]
public sealed class StreamingTests(MimicServerFixture mock)
{
    [Fact]
    public async Task A_chat_stream_is_role_then_tokens_then_finish_then_usage_then_done_and_every_chunk_matches_the_spec()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_completion_tokens\":12"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = await MimicServerFixture.ReadEventsAsync(response);

        events[^1].IsDone.Should().BeTrue();
        events.Should().OnlyContain(e => e.EventType == "message");
        var chunks = events.SkipLast(1).Select(e => e.Data).ToList();
        foreach (var chunk in chunks)
        {
            mock.Violations(chunk, "ChatCompletionChunk").Should().BeEmpty(chunk);
        }

        var json = chunks.Select(c => JsonNode.Parse(c)!.AsObject()).ToList();
        json.Select(j => j["id"]!.GetValue<string>()).Distinct().Should().ContainSingle().Which.Should().StartWith("chatcmpl-");
        json[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().Should().Be("assistant");
        json[0]["choices"]![0]!["delta"]!["content"]!.GetValue<string>().Should().BeEmpty();
        var tokens = json.Skip(1).Take(12).Select(j => j["choices"]![0]!["delta"]!["content"]!.GetValue<string>()).ToList();
        tokens.Should().OnlyContain(t => t.Length > 0);
        json[13]["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("length");
        json[14]["choices"]!.AsArray().Should().BeEmpty();
        json[14]["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(12);
        json[14]["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(MimicTokenizer.Count("Tell me about dragons."));
        json.Should().HaveCount(15);
    }

    [Fact]
    public async Task The_streamed_text_is_the_text_the_same_request_gets_without_streaming()
    {
        using var plain = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"seed\":5"));
        var expected = MimicServerFixture.Json(await plain.Content.ReadAsStringAsync())["choices"]![0]!["message"]!["content"]!.GetValue<string>();

        using var streamed = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"seed\":5,\"stream\":true"));
        var events = await MimicServerFixture.ReadEventsAsync(streamed);

        var text = string.Concat(events.Where(e => !e.IsDone).Select(e => e.Json["choices"]![0]!["delta"]!["content"]?.GetValue<string>()));
        text.Should().Be(expected);
        events.Where(e => !e.IsDone).Should().OnlyContain(e => e.Json["usage"] == null, "no usage chunk unless include_usage");
    }

    [Fact]
    public async Task N_choices_stream_interleaved_each_with_its_own_role_and_finish()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"stream\":true,\"n\":3,\"max_completion_tokens\":4,\"stream_options\":{\"include_usage\":true}"));
        var events = await MimicServerFixture.ReadEventsAsync(response);
        var chunks = events.Where(e => !e.IsDone).Select(e => e.Json).ToList();

        for (var i = 0; i < 3; i++)
        {
            var mine = chunks.Where(c => c["choices"]!.AsArray().Count == 1 && c["choices"]![0]!["index"]!.GetValue<int>() == i).ToList();
            mine[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().Should().Be("assistant");
            mine.Count(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>() is { Length: > 0 }).Should().Be(4);
            mine[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("length");
        }

        chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(12);
    }

    [Fact]
    public async Task A_streamed_tool_call_sends_name_then_argument_fragments_then_finish_reason_tool_calls()
    {
        const string tools = """
            "stream":true,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"tool_choice":"required"
            """;
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody("Weather in Oslo?", tools));
        var events = await MimicServerFixture.ReadEventsAsync(response);
        var chunks = events.Where(e => !e.IsDone).ToList();
        chunks.ForEach(c => mock.Violations(c.Data, "ChatCompletionChunk").Should().BeEmpty());

        var calls = chunks.Select(c => c.Json["choices"]![0]!["delta"]!["tool_calls"]?[0]).Where(c => c is not null).ToList();
        calls[0]!["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        calls[0]!["id"]!.GetValue<string>().Should().StartWith("call_");
        var arguments = string.Concat(calls.Select(c => c!["function"]!["arguments"]!.GetValue<string>()));
        JsonNode.Parse(arguments)!["city"]!.GetValue<string>().Should().Be("Oslo");
        chunks[^1].Json["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("tool_calls");
    }

    [Fact]
    public async Task A_text_completion_streams_Completion_objects_ending_with_done()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"mixtral","prompt":"Once upon a time","max_tokens":6,"stream":true,"stream_options":{"include_usage":true}}""");
        var events = await MimicServerFixture.ReadEventsAsync(response);

        events[^1].IsDone.Should().BeTrue();
        var chunks = events.SkipLast(1).ToList();
        chunks.ForEach(c => mock.Violations(c.Data, "Completion").Should().BeEmpty(c.Data));
        chunks.Should().HaveCount(8);
        chunks.Take(6).Should().OnlyContain(c => c.Json["choices"]![0]!["text"]!.GetValue<string>().Length > 0 && c.Json["object"]!.GetValue<string>() == "text_completion");
        chunks[6].Json["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("length");
        chunks[7].Json["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(4);
        chunks[7].Json["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(6);
    }
}
