using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Operations;

/// <summary>Valid input is accepted: values drawn from the schema beyond the spec's examples never answer a server error or a refusal, and always a documented shape.</summary>
/// <remarks>Schemathesis's <c>positive_data_acceptance</c> and <c>not_a_server_error</c>, on every operation that changes nothing, so they run on a live target too.</remarks>
[Trait("Category", "ReadOnly")]
public sealed class ValidInputTests(ContractTarget target) : ContractTest(target)
{
    private static readonly Gate AtInventedBound = Gate.MockOnly("valid values at a bound the seed never stated (CURATION 6), which a live API may refuse");

    public static IEnumerable<TheoryDataRow<string, string>> Cases() => GatedRows.Run(
        from o in SpecCatalog.Instance.Operations.Where(o => o.Facts.IsReadOnly && !o.Facts.SpendsCredits)
        from c in ValidInputs.For(o, RunPlan.Current.Settings.Seed)
        select (OperationRows.Tag(new TheoryDataRow<string, string>(o.OperationId, c.Name), o, mockOnly: !c.LiveSafe), c.LiveSafe ? null : AtInventedBound));

    [ContractTheory]
    [MemberData(nameof(Cases))]
    public async Task Valid_value_beyond_the_examples_is_accepted(string operationId, string validCase)
    {
        var operation = Operation(operationId);
        var variant = ValidInputs.For(operation, Target.Settings.Seed).SingleOrDefault(c => c.Name == validCase)
            ?? throw new InvalidOperationException($"{operationId} has no valid case '{validCase}' for seed {Target.Settings.Seed}: discovery and the run saw different seeds.");
        if (!variant.LiveSafe)
        {
            Target.Require(AtInventedBound);
        }

        var user = Target.User();
        var valid = await OperationRequests.ValidAsync(Target, user, operation);
        // The request the values vary must itself succeed here: a look-up of what this target lacks (a file, a Bluesky link) answers 404.
        if (Target.IsLive && await Target.BaseStatusAsync(operation, () => valid.SendAsync(user, cancellationToken: Cancellation)) is var status and >= 400 and < 500)
        {
            Target.Skip($"{operationId}'s spec example answers {status} here, so values beyond it cannot be seen to be accepted");
        }

        var answer = await variant.Apply(valid).SendAsync(user, cancellationToken: Cancellation);

        var accepted = answer.Status is >= 200 and < 300;
        answer.Evidence.Coverage.Rule(ContractRules.ValidInputAccepted, operationId, accepted);
        answer.Should().MatchContract(operation, [], accepted ? [] :
            [new(answer.Status >= 500 ? ContractRules.NotAServerError : ContractRules.ValidInputAccepted, $"{validCase} is a value the spec allows, and it answered {answer.Status}; a valid request is answered with a documented success.")]);
    }
}
