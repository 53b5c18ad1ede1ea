using Rostro.MockServer.Settings;

namespace Rostro.MockServer.Mimic.Load;

/// <summary>
/// The mock's load model (off by default): what makes it saturate like a model server. Its parts: the capacity and queue
/// (<see cref="SequenceSlots"/>), the prefix cache (<see cref="PrefixCache"/>) and the per-credential quotas
/// (<see cref="RateQuotas"/>). The timing of a completion that starts:
/// <code>
/// TTFT = queue wait + ttftMs + (prompt tokens − cached prefix tokens) × prefillMicrosPerToken / 1000
/// gap  = interTokenMs × (1 + (timeFactorUnderLoad − 1) × (running − 1) / (maxSequences − 1))
/// </code>
/// where <c>running</c> counts the sequences generating when it starts (itself included), so the last free slot runs
/// <c>timeFactorUnderLoad</c> times slower than a lone sequence (llm-d inference-sim's <c>time-factor-under-load</c>).
/// </summary>
internal sealed class LoadModel
{
    public SequenceSlots Slots { get; } = new();

    public PrefixCache Prefixes { get; } = new();

    public RateQuotas Quotas { get; } = new();

    /// <summary>Forgets the prefix cache and the quota counts (<c>POST /__admin/reset</c>); sequences in progress run on.</summary>
    public void Reset()
    {
        Prefixes.Clear();
        Quotas.Clear();
    }

    /// <summary>The timing settings of a completion admitted now: its TTFT and gap as the formulas above give them.</summary>
    /// <param name="settings">The request's settings.</param>
    /// <param name="queuedMs">How long it waited for a sequence.</param>
    /// <param name="running">Sequences generating when it started, itself included.</param>
    /// <param name="uncachedPromptTokens">Prompt tokens the prefix cache did not hold.</param>
    public static MockSettings Timing(MockSettings settings, double queuedMs, int running, int uncachedPromptTokens)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prefillMs = (double)uncachedPromptTokens * settings.PrefillMicrosPerToken / 1000;
        var load = settings.MaxSequences > 1 ? Math.Clamp((double)(running - 1) / (settings.MaxSequences - 1), 0, 1) : 0;
        if (queuedMs == 0 && prefillMs == 0 && (load == 0 || settings.TimeFactorUnderLoad == 1))
        {
            return settings; // the load model off (or idle): the timing as set, no copy on the hot path
        }

        var gap = settings.InterTokenMs * (1 + ((settings.TimeFactorUnderLoad - 1) * load));
        return settings with
        {
            TtftMs = (int)Math.Round(Math.Min(settings.TtftMs + queuedMs + prefillMs, int.MaxValue)),
            InterTokenMs = (int)Math.Round(Math.Min(gap, int.MaxValue)),
        };
    }
}
