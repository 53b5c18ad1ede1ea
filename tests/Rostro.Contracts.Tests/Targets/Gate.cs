namespace Rostro.Contracts.Tests.Targets;

/// <summary>Why a check might not run on a target.</summary>
public enum GateKind
{
    /// <summary>It needs a Rostro mock (a status forced with <c>Prefer</c>, a stream fault, a bound the seed never stated): not applicable to a live target.</summary>
    MockOnly,

    /// <summary>It changes what cannot be put back: on a live target only with ROSTRO_ALLOW_DESTRUCTIVE=true.</summary>
    Destructive,

    /// <summary>It needs a second user's credential on a live target (ROSTRO_TOKEN_2).</summary>
    SecondUser,

    /// <summary>It costs credits: on a live target it runs only when the run's credit plan buys it (ROSTRO_CREDITS_BUDGET).</summary>
    Credits,
}

/// <summary>The condition under which a check runs on a live target, and the reason shown when it does not; on a mock every check runs.</summary>
/// <param name="Kind">What it needs.</param>
/// <param name="Reason">Why, in a phrase the run's report groups by (<c>statuses forced with Prefer: code=</c>).</param>
/// <param name="CreditKey">For <see cref="GateKind.Credits"/>: the entry of the credit plan that pays for the check.</param>
public sealed record Gate(GateKind Kind, string Reason, string? CreditKey = null)
{
    public static Gate MockOnly(string reason) => new(GateKind.MockOnly, reason);

    public static Gate Destructive(string reason) => new(GateKind.Destructive, reason);

    public static Gate SecondUser(string reason) => new(GateKind.SecondUser, reason);

    public static Gate Credits(string key) => new(GateKind.Credits, Safety.CreditPlan.Describe(key), key);

    /// <summary>Whether a check behind this gate runs on a target of <paramref name="kind"/> with <paramref name="settings"/>.</summary>
    public bool Opens(TargetKind kind, ContractSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return kind != TargetKind.Live || Kind switch
        {
            GateKind.Destructive => settings.AllowDestructive,
            GateKind.SecondUser => settings.Token2 is not null,
            GateKind.Credits => Safety.CreditPlan.Buys(settings.CreditsBudget, CreditKey!),
            _ => false,
        };
    }

    /// <summary>How the report heads the checks that stay behind gates of this kind.</summary>
    public static string Heading(GateKind kind) => kind switch
    {
        GateKind.MockOnly => "Not applicable to a live target",
        GateKind.Destructive => "Not run: they change what cannot be undone (set ROSTRO_ALLOW_DESTRUCTIVE=true to run them)",
        GateKind.Credits => "Not run: beyond the credit budget (raise ROSTRO_CREDITS_BUDGET to run them)",
        _ => "Not run: they need a second user (set ROSTRO_TOKEN_2)",
    };
}
