using System.Text;
using System.Text.Json;

namespace Rostro.Load;

/// <summary>What the runner needs from one server-sent event of a completion stream: does it carry content, how many tokens did the server count, is it the end.</summary>
/// <remarks>
/// Read with <see cref="Utf8JsonReader"/> straight from the event's bytes, without building a document: at thousands of
/// events a second the parse is most of the runner's CPU. Content is any non-empty string in a chunk's <c>content</c>
/// (chat delta), <c>text</c> (text completion), <c>arguments</c> (tool call) or <c>reasoning_content</c>.
/// </remarks>
public readonly record struct CompletionChunk(bool IsDone, bool IsMalformed, bool HasContent, int? CompletionTokens, string? Text)
{
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    /// <summary>Reads one event's data (the <see cref="System.Net.ServerSentEvents.SseParser"/> item parser).</summary>
    /// <param name="data">The event's <c>data</c> bytes.</param>
    /// <param name="captureText">Whether to keep the content's text (a C# step that sends the answer back needs it).</param>
    public static CompletionChunk Parse(ReadOnlySpan<byte> data, bool captureText)
    {
        if (data.SequenceEqual(Done))
        {
            return new CompletionChunk(true, false, false, null, null);
        }

        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 64 });
        var hasContent = false;
        int? completionTokens = null;
        StringBuilder? text = null;
        var inUsage = -1;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Malformed;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == inUsage)
                {
                    inUsage = -1;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        inUsage = reader.CurrentDepth;
                    }

                    continue;
                }

                if (inUsage >= 0 && reader.ValueTextEquals("completion_tokens"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var tokens))
                    {
                        completionTokens = tokens;
                    }

                    continue;
                }

                if (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("arguments"u8) || reader.ValueTextEquals("reasoning_content"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                    {
                        hasContent = true;
                        if (captureText)
                        {
                            (text ??= new StringBuilder()).Append(reader.GetString());
                        }
                    }
                }
            }

            // The reader sees the whole event (a final block), so a truncated object has already thrown.
            return new CompletionChunk(false, false, hasContent, completionTokens, text?.ToString());
        }
        catch (JsonException)
        {
            return Malformed;
        }
    }

    /// <summary>Reads a whole non-streamed completion body: content present, the server's token count and (optionally) the text.</summary>
    public static CompletionChunk ParseBody(ReadOnlySpan<byte> body, bool captureText) => Parse(body, captureText);

    private static CompletionChunk Malformed => new(false, true, false, null, null);
}
