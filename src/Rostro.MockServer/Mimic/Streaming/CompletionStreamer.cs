using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.Mimic;

/// <summary>Sends a <see cref="CompletionPlan"/> as a server-sent event stream on its schedule, with the faults the settings ask for.</summary>
/// <remarks>
/// Order: headers at once; chat's role chunk (text's echo) per choice at once; at <c>ttftMs</c> after the request the
/// first token of every choice, then one token per choice every <c>interTokenMs</c> (± <c>jitterMs</c>), each choice's
/// <c>finish_reason</c> chunk right after its last token; the usage chunk when asked; <c>data: [DONE]</c>.
/// Deadlines are absolute (request arrival + ttft + k × inter), so small wake-up delays never accumulate; a wake more
/// than 2 ms late (a GC pause, an overloaded machine, a request that waited for a core) moves the rest of the schedule
/// back by that much instead of bursting tokens to catch up.
/// Each event is one write to the response, which Kestrel flushes; <see cref="SseFormatter"/> does the framing.
/// </remarks>
internal static class CompletionStreamer
{
    /// <summary>The deadline of each step (Stopwatch ticks): step 0 is the first token.</summary>
    public static long[] Schedule(long start, int steps, MockSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var deadlines = new long[Math.Max(steps, 1)];
        var random = new MimicRandom(seed ^ 0x6A09E667F3BCC909UL);
        var frequency = Stopwatch.Frequency;
        double Jitter() => settings.JitterMs == 0 ? 0 : ((random.NextDouble() * 2) - 1) * settings.JitterMs;
        var at = start + (long)(Math.Max(0, settings.TtftMs + Jitter()) * frequency / 1000);
        for (var k = 0; k < deadlines.Length; k++)
        {
            if (k > 0)
            {
                at += (long)(Math.Max(0, settings.InterTokenMs + Jitter()) * frequency / 1000);
            }

            deadlines[k] = at;
        }

        return deadlines;
    }

    /// <summary>Streams the plan; returns when the stream ended, was cut by a fault, or the client left (then <see cref="OperationCanceledException"/>).</summary>
    public static async Task StreamAsync(HttpContext http, CompletionPlan plan, MockSettings settings, TokenClock clock, long start)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(plan);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(http.RequestAborted);

        var writer = new MimicJsonWriter(plan);
        // Each token step may run on the clock's thread; once the last event is written, the end of the request goes to
        // the thread pool (Task.Yield: ASP.NET Core has no synchronization context), never on the clock's thread.
        using var timer = clock.CreateTimer(http.RequestAborted, inline: true);
        var events = Events(http, plan, settings, timer, Schedule(start, plan.Steps, settings, plan.Seed), start);
        await SseFormatter.WriteAsync(events, response.Body, (item, buffer) => writer.WriteEvent(item.Data, buffer), http.RequestAborted);
        await Task.Yield();
    }

    private static async IAsyncEnumerable<SseItem<MimicEvent>> Events(
        HttpContext http,
        CompletionPlan plan,
        MockSettings settings,
        TokenTimer timer,
        long[] deadlines,
        long start)
    {
        var sent = 0;
        var lastToken = 0L;
        var shift = 0L;
        var malformedSent = false;
        foreach (var item in Sequence(plan, deadlines))
        {
            if (settings.DropAfterEvents > 0 && sent >= settings.DropAfterEvents)
            {
                await CutAsync(http);
                yield break;
            }

            if (settings.StallAfterEvents > 0 && sent >= settings.StallAfterEvents)
            {
                try
                {
                    await Task.Delay(settings.StallMaxMs, http.RequestAborted);
                }
                finally
                {
                    http.Abort();
                }

                yield break;
            }

            if (settings.MalformedAfterEvents > 0 && sent == settings.MalformedAfterEvents && !malformedSent)
            {
                malformedSent = true;
                sent++;
                yield return new SseItem<MimicEvent>(new MimicEvent(MimicEventKind.Malformed));
            }

            if (item.WaitFor is { } deadline)
            {
                await timer.WaitUntilAsync(deadline + shift);
                var late = Stopwatch.GetTimestamp() - (deadline + shift);
                if (late > s_reanchorAfter)
                {
                    // Woken (or started) late: move the rest of the schedule back rather than burst tokens to catch up,
                    // as a real model would; small lateness is absorbed, so the schedule never drifts.
                    shift += late;
                }

                continue;
            }

            sent++;
            if (item.Event.Kind == MimicEventKind.Token)
            {
                lastToken = MimicMeter.RecordToken(start, lastToken, first: item.Event.Token == 0 && item.Event.Choice == 0);
            }

            yield return new SseItem<MimicEvent>(item.Event);
        }
    }

    // A connection lost mid-stream: the events sent so far arrive, then the connection ends without the chunked body's end
    // (HttpClient: "response ended prematurely"). A bare Abort() would reset the socket and could discard the last events
    // still in flight, so first let them leave, then send FIN, then wait for the client to close before cleaning up.
    private static async Task CutAsync(HttpContext http)
    {
        var socket = http.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is not null)
        {
            try
            {
                await Task.Delay(s_cutGrace, http.RequestAborted);
                socket.Shutdown(SocketShutdown.Send);
                await Task.Delay(TimeSpan.FromSeconds(2), http.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client closed its side (the usual end) or the socket is already gone.
            }
        }

        http.Abort();
    }

    // The stream as a flat list of waits and events, so the fault logic above sees every event in one place.
    private static IEnumerable<Step> Sequence(CompletionPlan plan, long[] deadlines)
    {
        for (var c = 0; c < plan.Choices.Count; c++)
        {
            if (plan.Api == MimicApi.Chat)
            {
                yield return new Step(new MimicEvent(MimicEventKind.Role, c), null);
            }
            else if (plan.Choices[c].Echo.Length > 0)
            {
                yield return new Step(new MimicEvent(MimicEventKind.Echo, c), null);
            }
        }

        for (var k = 0; k < deadlines.Length; k++)
        {
            yield return new Step(default, deadlines[k]);
            for (var c = 0; c < plan.Choices.Count; c++)
            {
                var choice = plan.Choices[c];
                if (k < choice.Steps)
                {
                    yield return new Step(choice.ToolCall is null
                        ? new MimicEvent(MimicEventKind.Token, c, k)
                        : k == 0 ? new MimicEvent(MimicEventKind.ToolCall, c) : new MimicEvent(MimicEventKind.ToolArgument, c, k - 1), null);
                }

                if (k == Math.Max(choice.Steps, 1) - 1)
                {
                    yield return new Step(new MimicEvent(MimicEventKind.Finish, c), null);
                }
            }
        }

        if (plan.IncludeUsage)
        {
            yield return new Step(new MimicEvent(MimicEventKind.Usage), null);
        }

        yield return new Step(new MimicEvent(MimicEventKind.Done), null);
    }

    private static readonly long s_reanchorAfter = Stopwatch.Frequency * 2 / 1000;

    private static readonly TimeSpan s_cutGrace = TimeSpan.FromMilliseconds(20);

    private readonly record struct Step(MimicEvent Event, long? WaitFor);
}
