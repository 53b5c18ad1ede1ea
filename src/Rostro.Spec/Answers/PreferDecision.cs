namespace Rostro.Spec.Answers;

/// <summary>What a <c>Prefer</c> request header decided: which documented answer of an operation to send.</summary>
public enum PreferredKind
{
    /// <summary>The header asks for a status or example the operation does not document: 400, <see cref="ErrorCodes.BadMockOverride"/>, <see cref="PreferredAnswer.Refusal"/> says why.</summary>
    Refused,

    /// <summary>The error envelope of the real condition of <see cref="PreferredAnswer.Status"/> (its code and headers, <see cref="ErrorAnswers"/>).</summary>
    Envelope,

    /// <summary>The spec's example <see cref="PreferredAnswer.Example"/> of <see cref="PreferredAnswer.Status"/> (null: the status documents no example, its body is empty).</summary>
    Example,
}

/// <summary>The answer a <c>Prefer</c> header chose.</summary>
/// <param name="Kind">Refused, an error envelope, or an example.</param>
/// <param name="Status">The status answered (400 when refused).</param>
/// <param name="Example">The example's name, resolved (the first of the status when none was named); null unless <see cref="PreferredKind.Example"/>.</param>
/// <param name="Refusal">Why the header was refused; null otherwise.</param>
public sealed record PreferredAnswer(PreferredKind Kind, int Status, string? Example, string? Refusal);

/// <summary>
/// The <c>Prefer</c> conventions (Prism's), decided once for every server here: <c>code=N</c> answers status N, as the
/// real condition's error envelope when N is an error other than 422 and no example is named, else N's example (the
/// named one, or its first); <c>example=name</c> alone answers the first success status that has that example; anything
/// the operation does not document is refused with 400.
/// </summary>
/// <remarks>The mock decides each request with it; the WireMock stub generator asks it for every documented combination and stubs the answers it gives.</remarks>
public static class PreferDecision
{
    /// <summary>Decides the answer to <c>Prefer</c>'s <paramref name="code"/> and/or <paramref name="example"/> (at least one given).</summary>
    public static PreferredAnswer Decide(DocumentedAnswers answers, string operationId, int? code, string? example)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (code is not { } status)
        {
            return example is null
                ? throw new ArgumentException("Prefer decides a code, an example or both.", nameof(example))
                : ForExample(answers, operationId, example);
        }

        var documented = answers.Find(operationId, status);
        if (documented is null)
        {
            return Refuse($"Prefer: code={status} is not documented for {operationId}; it documents {string.Join(", ", answers.Statuses(operationId))}.");
        }

        if (example is not null && documented.Example(example) is null)
        {
            return Refuse($"Prefer: example={example} is not an example of {operationId}'s {status}; it has {Names(documented)}.");
        }

        return example is null && ErrorAnswers.ForcesEnvelope(status)
            ? new PreferredAnswer(PreferredKind.Envelope, status, null, null)
            : new PreferredAnswer(PreferredKind.Example, status, example ?? documented.Examples.FirstOrDefault().Key, null);
    }

    private static PreferredAnswer ForExample(DocumentedAnswers answers, string operationId, string example)
    {
        var status = answers.SuccessStatuses(operationId).FirstOrDefault(s => answers.Find(operationId, s)!.Example(example) is not null);
        if (status != 0)
        {
            return new PreferredAnswer(PreferredKind.Example, status, example, null);
        }

        var success = answers.SuccessStatuses(operationId).Select(s => answers.Find(operationId, s)!).FirstOrDefault();
        return Refuse($"Prefer: example={example} is not an example of {operationId}; it has {(success is null ? "none" : Names(success))}.");
    }

    private static PreferredAnswer Refuse(string why) => new(PreferredKind.Refused, 400, null, why);

    private static string Names(DocumentedResponse documented) =>
        documented.Examples.Count == 0 ? "no examples" : string.Join(", ", documented.Examples.Select(e => e.Key));
}
