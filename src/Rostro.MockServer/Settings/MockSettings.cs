using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Rostro.MockServer.Settings;

/// <summary>Timing, fault and determinism settings of the running mock: <c>GET/PUT /__admin/settings</c>, <c>--settings</c>, and per request <c>X-Mock-*</c> headers.</summary>
/// <remarks>
/// Immutable: the admin API replaces the whole object, and each request reads one snapshot
/// (<see cref="Operations.OperationContext.Settings"/>) with its own <c>X-Mock-*</c> headers already applied.
/// Open for extension — to add a setting, add an init property here with:
/// a <see cref="JsonPropertyNameAttribute"/> (camelCase; this is the admin JSON name),
/// a default value, and a DataAnnotations attribute (<see cref="RangeAttribute"/>, ...) stating its valid values.
/// Nothing else is needed: the admin API serves it, validates it on PUT (400/422, nothing changed on error),
/// <c>--settings file.json</c> reads it, and the header <c>X-Mock-</c> + its name in kebab case
/// (<c>ttftMs</c> → <c>X-Mock-Ttft-Ms</c>) overrides it for one request.
/// </remarks>
public sealed record MockSettings
{
    /// <summary>Upper bound of every millisecond setting: one minute, so a typo cannot hang a client for hours.</summary>
    public const int MaxMilliseconds = 60_000;

    /// <summary>Streaming: time to the first token, in milliseconds.</summary>
    [JsonPropertyName("ttftMs")]
    [Range(0, MaxMilliseconds)]
    public int TtftMs { get; init; } = 300;

    /// <summary>Streaming: delay between consecutive tokens, in milliseconds.</summary>
    [JsonPropertyName("interTokenMs")]
    [Range(0, MaxMilliseconds)]
    public int InterTokenMs { get; init; } = 40;

    /// <summary>Streaming: each delay varies uniformly by up to ± this many milliseconds (drawn from <see cref="Seed"/>).</summary>
    [JsonPropertyName("jitterMs")]
    [Range(0, MaxMilliseconds)]
    public int JitterMs { get; init; } = 0;

    /// <summary>Seed of every generator (IDs, clocks, generated text): same seed and same requests, same bodies. Applies to worlds created after a change (reset to apply everywhere).</summary>
    [JsonPropertyName("seed")]
    [Range(0, int.MaxValue)]
    public int Seed { get; init; } = 42;

    /// <summary>Delay before every operation's response starts, in milliseconds (all routes, streaming included).</summary>
    [JsonPropertyName("delayMs")]
    [Range(0, MaxMilliseconds)]
    public int DelayMs { get; init; } = 0;

    /// <summary>Mimic: generated tokens per choice; 0 = a natural length of 40-120 tokens drawn from the prompt (the token limit and stop sequences still cut it).</summary>
    [JsonPropertyName("outputTokens")]
    [Range(0, 100_000)]
    public int OutputTokens { get; init; } = 0;

    /// <summary>Mimic fault: abort the connection after this many events of a stream (no <c>[DONE]</c>); 0 = never.</summary>
    [JsonPropertyName("dropAfterEvents")]
    [Range(0, 1_000_000)]
    public int DropAfterEvents { get; init; } = 0;

    /// <summary>Mimic fault: stop sending after this many events of a stream and hold the connection open (see <see cref="StallMaxMs"/>); 0 = never.</summary>
    [JsonPropertyName("stallAfterEvents")]
    [Range(0, 1_000_000)]
    public int StallAfterEvents { get; init; } = 0;

    /// <summary>Mimic fault: how long a stalled stream holds the connection before aborting it, in milliseconds (the client usually gives up first).</summary>
    [JsonPropertyName("stallMaxMs")]
    [Range(0, MaxMilliseconds)]
    public int StallMaxMs { get; init; } = 30_000;

    /// <summary>Mimic fault: after this many events of a stream, send one event whose data is not JSON, then carry on; 0 = never.</summary>
    [JsonPropertyName("malformedAfterEvents")]
    [Range(0, 1_000_000)]
    public int MalformedAfterEvents { get; init; } = 0;

    /// <summary>Mimic fault: percentage of completion requests answered with <see cref="ErrorStatus"/> before any streaming (deterministic by <see cref="Seed"/> and request order).</summary>
    [JsonPropertyName("errorRatePercent")]
    [Range(0, 100)]
    public int ErrorRatePercent { get; init; } = 0;

    /// <summary>Mimic fault: the status <see cref="ErrorRatePercent"/> answers: 429 (with <c>Retry-After</c>), 500 or 503.</summary>
    [JsonPropertyName("errorStatus")]
    [AllowedValues(429, 500, 503)]
    public int ErrorStatus { get; init; } = 503;

    /// <summary>Load model: most completion sequences generating at once, server-wide; 0 = no limit (the load model's capacity is off).</summary>
    /// <remarks>Beyond it a request waits in a FIFO queue of at most <see cref="MaxQueuedRequests"/>; its TTFT grows by the wait.</remarks>
    [JsonPropertyName("maxSequences")]
    [Range(0, 100_000)]
    public int MaxSequences { get; init; } = 0;

    /// <summary>Load model: most completion requests waiting for a sequence; one more is refused with <see cref="SaturatedStatus"/> and <c>Retry-After</c>.</summary>
    [JsonPropertyName("maxQueuedRequests")]
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; init; } = 64;

    /// <summary>Load model: the status a full queue answers: 429 (too many requests) or 503 (overloaded), both with <c>Retry-After</c>.</summary>
    [JsonPropertyName("saturatedStatus")]
    [AllowedValues(429, 503)]
    public int SaturatedStatus { get; init; } = 503;

    /// <summary>Load model: prefill time per prompt token, in microseconds, added to the TTFT (a prompt prefix seen before costs nothing: the prefix cache).</summary>
    [JsonPropertyName("prefillMicrosPerToken")]
    [Range(0, 1_000_000)]
    public int PrefillMicrosPerToken { get; init; } = 0;

    /// <summary>Load model: how much slower tokens come when every sequence is busy: the gap is <c>interTokenMs × (1 + (f − 1) × (running − 1) / (maxSequences − 1))</c>; 1 = no slowdown.</summary>
    [JsonPropertyName("timeFactorUnderLoad")]
    [Range(1.0, 100.0)]
    public double TimeFactorUnderLoad { get; init; } = 1.0;

    /// <summary>Load model: completion requests one credential may send per minute; one more answers 429 with OpenAI's <c>x-ratelimit-*</c> headers; 0 = no quota.</summary>
    [JsonPropertyName("requestsPerMinute")]
    [Range(0, 10_000_000)]
    public int RequestsPerMinute { get; init; } = 0;

    /// <summary>Load model: tokens (prompt + planned completion) one credential may use per minute; 0 = no quota.</summary>
    [JsonPropertyName("tokensPerMinute")]
    [Range(0, 1_000_000_000)]
    public int TokensPerMinute { get; init; } = 0;

    /// <summary>Largest accepted request body for JSON and other non-multipart content, in bytes; larger answers 413.</summary>
    [JsonPropertyName("maxBodyBytes")]
    [Range(1, 256L * 1024 * 1024)]
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest accepted <c>multipart/form-data</c> request body, in bytes; larger answers 413.</summary>
    [JsonPropertyName("maxMultipartBodyBytes")]
    [Range(1, 256L * 1024 * 1024)]
    public long MaxMultipartBodyBytes { get; init; } = 25 * 1024 * 1024;
}
