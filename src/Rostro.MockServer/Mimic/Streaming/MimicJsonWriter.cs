using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rostro.MockServer.Mimic;

/// <summary>Writes a <see cref="CompletionPlan"/> as the spec's <c>ChatCompletion</c>/<c>Completion</c>, or one event of its stream as a <c>ChatCompletionChunk</c>/<c>Completion</c>.</summary>
/// <remarks>One instance per stream: it keeps one <see cref="Utf8JsonWriter"/> and the pre-encoded id and model, so an event costs no allocation but its token's escaping.</remarks>
internal sealed class MimicJsonWriter
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly byte[] s_done = "[DONE]"u8.ToArray();

    private readonly CompletionPlan _plan;
    private readonly JsonEncodedText _id;
    private readonly JsonEncodedText _model;
    private readonly JsonEncodedText _object;
    private Utf8JsonWriter? _writer;

    /// <summary>Prepares to write this plan.</summary>
    public MimicJsonWriter(CompletionPlan plan)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _id = JsonEncodedText.Encode(plan.Id, s_options.Encoder);
        _model = JsonEncodedText.Encode(plan.Model, s_options.Encoder);
        _object = JsonEncodedText.Encode(plan.Api == MimicApi.Chat ? (plan.Stream ? "chat.completion.chunk" : "chat.completion") : "text_completion");
    }

    /// <summary>The whole answer as one JSON body (<c>stream</c> false).</summary>
    public byte[] WriteBody()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var writer = Writer(buffer);
        Header(writer);
        writer.WriteStartArray("choices");
        foreach (var choice in _plan.Choices)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", choice.Index);
            if (_plan.Api == MimicApi.Chat)
            {
                writer.WriteStartObject("message");
                writer.WriteString("role", "assistant");
                if (choice.ToolCall is { } call)
                {
                    writer.WriteNull("content");
                    writer.WriteStartArray("tool_calls");
                    writer.WriteStartObject();
                    writer.WriteString("id", call.Id);
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.Name);
                    writer.WriteString("arguments", call.Arguments);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteString("content", choice.Text);
                }

                writer.WriteNull("refusal");
                writer.WriteEndObject();
                WriteChatLogprobs(writer, choice, 0, choice.ToolCall is null ? choice.Tokens.Count : 0);
            }
            else
            {
                writer.WriteString("text", choice.Echo + choice.Text);
                WriteTextLogprobs(writer, choice, 0, choice.Tokens.Count, choice.Echo.Length);
            }

            writer.WriteString("finish_reason", choice.FinishReason);
            if (choice.StopSequence is { } stop)
            {
                writer.WriteString("stop_reason", stop);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteUsage(writer);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the data of one event (the <c>data:</c> framing is <see cref="System.Net.ServerSentEvents.SseFormatter"/>'s job).</summary>
    public void WriteEvent(MimicEvent item, IBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        switch (item.Kind)
        {
            case MimicEventKind.Done:
                buffer.Write(s_done);
                return;
            case MimicEventKind.Malformed:
                // The first half of a real chunk: what a proxy that cut an event in two would deliver.
                buffer.Write(Encoding.UTF8.GetBytes($"{{\"id\":\"{_plan.Id}\",\"object\":\"{_object}\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":"));
                return;
        }

        var writer = Writer(buffer);
        Header(writer);
        writer.WriteStartArray("choices");
        if (item.Kind != MimicEventKind.Usage)
        {
            var choice = _plan.Choices[item.Choice];
            writer.WriteStartObject();
            writer.WriteNumber("index", choice.Index);
            if (_plan.Api == MimicApi.Chat)
            {
                ChatDelta(writer, item, choice);
                if (item.Kind == MimicEventKind.Token)
                {
                    WriteChatLogprobs(writer, choice, item.Token, item.Token + 1);
                }
                else
                {
                    writer.WriteNull("logprobs");
                }
            }
            else
            {
                var text = item.Kind switch
                {
                    MimicEventKind.Token => choice.Tokens[item.Token],
                    MimicEventKind.Echo => choice.Echo,
                    _ => string.Empty,
                };
                writer.WriteString("text", text);
                if (item.Kind == MimicEventKind.Token)
                {
                    WriteTextLogprobs(writer, choice, item.Token, item.Token + 1, choice.Echo.Length);
                }
                else
                {
                    writer.WriteNull("logprobs");
                }
            }

            if (item.Kind == MimicEventKind.Finish)
            {
                writer.WriteString("finish_reason", choice.FinishReason);
                if (choice.StopSequence is { } stop)
                {
                    writer.WriteString("stop_reason", stop);
                }
            }
            else
            {
                writer.WriteNull("finish_reason");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (item.Kind == MimicEventKind.Usage)
        {
            WriteUsage(writer);
        }
        else if (_plan.IncludeUsage)
        {
            writer.WriteNull("usage");
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    private static void ChatDelta(Utf8JsonWriter writer, MimicEvent item, PlannedChoice choice)
    {
        writer.WriteStartObject("delta");
        switch (item.Kind)
        {
            case MimicEventKind.Role:
                writer.WriteString("role", "assistant");
                writer.WriteString("content", string.Empty);
                break;
            case MimicEventKind.Token:
                writer.WriteString("content", choice.Tokens[item.Token]);
                break;
            case MimicEventKind.ToolCall:
                var call = choice.ToolCall!;
                writer.WriteStartArray("tool_calls");
                writer.WriteStartObject();
                writer.WriteNumber("index", 0);
                writer.WriteString("id", call.Id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WriteString("arguments", string.Empty);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                break;
            case MimicEventKind.ToolArgument:
                writer.WriteStartArray("tool_calls");
                writer.WriteStartObject();
                writer.WriteNumber("index", 0);
                writer.WriteStartObject("function");
                writer.WriteString("arguments", choice.ToolCall!.ArgumentTokens[item.Token]);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                break;
        }

        writer.WriteEndObject();
    }

    private Utf8JsonWriter Writer(IBufferWriter<byte> buffer)
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(buffer, s_options);
        }
        else
        {
            _writer.Reset(buffer);
        }

        return _writer;
    }

    private void Header(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id);
        writer.WriteString("object"u8, _object);
        writer.WriteNumber("created"u8, _plan.Created);
        writer.WriteString("model"u8, _model);
        writer.WriteNull("system_fingerprint"u8);
    }

    private void WriteUsage(Utf8JsonWriter writer)
    {
        var completion = _plan.CompletionTokens;
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", _plan.PromptTokens);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", _plan.PromptTokens + completion);
        writer.WriteEndObject();
    }

    private void WriteChatLogprobs(Utf8JsonWriter writer, PlannedChoice choice, int from, int to)
    {
        if (!_plan.Logprobs)
        {
            writer.WriteNull("logprobs");
            return;
        }

        writer.WriteStartObject("logprobs");
        writer.WriteStartArray("content");
        for (var i = from; i < to; i++)
        {
            var token = choice.Tokens[i];
            var (logprob, top) = LogprobSource.For(_plan.Seed, choice.Index, i, token, _plan.TopLogprobs);
            writer.WriteStartObject();
            WriteTokenLogprob(writer, token, logprob);
            writer.WriteStartArray("top_logprobs");
            foreach (var (alternative, value) in top)
            {
                writer.WriteStartObject();
                WriteTokenLogprob(writer, alternative, value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNull("refusal");
        writer.WriteEndObject();
    }

    private static void WriteTokenLogprob(Utf8JsonWriter writer, string token, double logprob)
    {
        writer.WriteString("token", token);
        writer.WriteNumber("logprob", logprob);
        writer.WriteStartArray("bytes");
        foreach (var b in Encoding.UTF8.GetBytes(token))
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }

    private void WriteTextLogprobs(Utf8JsonWriter writer, PlannedChoice choice, int from, int to, int offset)
    {
        if (!_plan.Logprobs)
        {
            writer.WriteNull("logprobs");
            return;
        }

        var entries = new List<(string Token, double Logprob, List<(string Token, double Logprob)> Top)>(to - from);
        for (var i = from; i < to; i++)
        {
            var (logprob, top) = LogprobSource.For(_plan.Seed, choice.Index, i, choice.Tokens[i], _plan.TopLogprobs);
            entries.Add((choice.Tokens[i], logprob, top));
        }

        writer.WriteStartObject("logprobs");
        writer.WriteStartArray("tokens");
        entries.ForEach(e => writer.WriteStringValue(e.Token));
        writer.WriteEndArray();
        writer.WriteStartArray("token_logprobs");
        entries.ForEach(e => writer.WriteNumberValue(e.Logprob));
        writer.WriteEndArray();
        writer.WriteStartArray("top_logprobs");
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            foreach (var (token, value) in entry.Top)
            {
                writer.WriteNumber(token, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("text_offset");
        var position = offset;
        for (var i = 0; i < from; i++)
        {
            position += choice.Tokens[i].Length;
        }

        foreach (var entry in entries)
        {
            writer.WriteNumberValue(position);
            position += entry.Token.Length;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
