using Rostro.Contracts.Tests.Checks;
using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Streaming;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Mimic;

/// <summary>The completions plan: each planned request, one credit, held to every rule it checks (<see cref="CompletionsPlan"/>).</summary>
[Trait("Category", "Mimic")]
[Trait("Category", "ReadOnly")]
public sealed class CompletionsPlanTests(ContractTarget target) : ContractTest(target)
{
    public static IEnumerable<TheoryDataRow<string>> Planned() => GatedRows.Run(CompletionsPlan.Requests.Select(r =>
        (r.Stream ? new TheoryDataRow<string>(r.Key).WithTrait("Category", "Streaming") : new TheoryDataRow<string>(r.Key), (Gate?)Gate.Credits(r.Key))));

    [ContractTheory]
    [MemberData(nameof(Planned))]
    [Covers("createChatCompletion", "createChatCompletionForModel", "createChubChatCompletion", "createCompletion", "createCompletionForModel", "createChubCompletion")]
    public async Task Planned_completions_request_meets_every_rule_it_checks(string key)
    {
        var planned = CompletionsPlan.Requests.Single(r => r.Key == key);
        using var credit = Target.Credits.Reserve(key);
        var user = Target.User();
        Exchange answer;
        StreamReport? stream = null;
        if (planned.Stream)
        {
            var streamed = await StreamRequests.StreamAsync(user, planned.Path, planned.Body.DeepClone().AsObject(), new StreamExpectation(planned.Chat, planned.Choices, planned.IncludeUsage), cancellationToken: Cancellation);
            (answer, stream) = (streamed.Exchange, streamed.Report);
        }
        else
        {
            answer = await user.PostAsync(planned.Path, planned.Body.DeepClone(), cancellationToken: Cancellation);
        }

        var refusal = planned.Rules.Contains(CompletionsPlan.UnknownModelRefused) || planned.Rules.Contains(CompletionsPlan.MissingModelRefused);
        var failures = CompletionsPlan.Check(planned, answer, stream);
        foreach (var rule in planned.Rules)
        {
            var broken = failures.Any(f => f.Rule == rule) || (rule == CompletionsPlan.EventRules && stream?.Failures.Count > 0);
            Target.Coverage.Rule(rule, $"{planned.Key} ({answer.Operation?.OperationId ?? planned.Path})", !broken);
        }

        answer.Should().MatchContract(answer.Operation, refusal ? [422, 400] : [200], failures);
    }
}
