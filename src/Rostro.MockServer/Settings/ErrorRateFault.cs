using System.Globalization;
using Rostro.MockServer.Mimic;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Settings;

/// <summary>The error-rate fault (<c>errorRatePercent</c>, <c>errorStatus</c>): which requests it hits, deterministic by seed and request order, and what it answers.</summary>
/// <remarks>One rule for the two places it reaches: completion requests (the mimic) and MCP tool calls (the pipeline); each keeps its own count.</remarks>
internal static class ErrorRateFault
{
    /// <summary>Whether the <paramref name="request"/>-th request of <paramref name="stream"/> is answered with the fault.</summary>
    public static bool Hits(MockSettings settings, long request, string stream) =>
        settings.ErrorRatePercent > 0 &&
        MimicRandom.Hash(settings.Seed.ToString(CultureInfo.InvariantCulture), request.ToString(CultureInfo.InvariantCulture), stream) % 100 < (ulong)settings.ErrorRatePercent;

    /// <summary>The fault's answer for what failed (<c>The model</c>, <c>The operation</c>).</summary>
    public static (int Status, string Message, int Code) Answer(MockSettings settings, string what) => (
        settings.ErrorStatus,
        settings.ErrorStatus switch
        {
            StatusCodes.Status429TooManyRequests => "Rate limit reached (mock fault: errorRatePercent).",
            StatusCodes.Status503ServiceUnavailable => $"{what} is overloaded (mock fault: errorRatePercent).",
            _ => $"{what} failed (mock fault: errorRatePercent).",
        },
        ErrorCodes.ForStatus(settings.ErrorStatus));
}
