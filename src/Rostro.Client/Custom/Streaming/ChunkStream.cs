using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Rostro.Client;

/// <summary>Reads an OpenAI-style event stream: one JSON chunk per <c>data:</c>, ending with <c>data: [DONE]</c>.</summary>
internal static class ChunkStream
{
    public const string Done = "[DONE]";

    /// <summary>
    /// The chunks of <paramref name="stream"/>; throws <see cref="RostroStreamException"/> when it ends before <c>[DONE]</c>,
    /// whether it ends cleanly or the connection breaks (dropped, reset, aborted after a stall).
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var received = 0;
        var events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (await NextAsync(events, received).ConfigureAwait(false))
            {
                if (events.Current.Data == Done)
                {
                    yield break;
                }

                yield return Parse<T>(events.Current.Data, options, received);
                received++;
            }
        }

        throw new RostroStreamException($"The event stream ended after {received} chunk(s) without data: {Done}; the answer is incomplete.", received);
    }

    // A cut connection surfaces as HttpIOException (the body ended prematurely) or IOException (reset, aborted); to the caller
    // both are the same broken promise as a clean end without [DONE]. Cancellation is the caller's own and passes through.
    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<SseItem<string>> events, int received)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new RostroStreamException(
                $"The connection broke after {received} chunk(s), before data: {Done}; the answer is incomplete. {e.Message}", received, e);
        }
    }

    private static T Parse<T>(string data, JsonSerializerOptions options, int received)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            // A server that fails mid-stream sends an error object instead of a chunk (OpenAI's convention).
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && !root.TryGetProperty("choices", out _))
            {
                throw new RostroStreamException($"The server reported an error mid-stream: {error}", received);
            }

            return root.Deserialize<T>(options) ?? throw new RostroStreamException("The event stream carried a null chunk.", received);
        }
        catch (JsonException e)
        {
            throw new RostroStreamException($"Event {received} of the stream is not a JSON {typeof(T).Name}: {e.Message}", received, e);
        }
    }
}
