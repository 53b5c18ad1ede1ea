using Rostro.Contracts.Tests.Coverage;
using Rostro.Contracts.Tests.Targets;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>A rule broken as a client (the OpenAI SDK, the typed client) sees the answer; the message names the operation, the rule and what the client got.</summary>
public sealed class ClientRuleException(string message) : Exception(message);

/// <summary>Rules checked through a client library rather than on a raw exchange: the same message shape as <see cref="ExchangeAssertions.Hold"/>, counted in the coverage table.</summary>
public static class ClientRules
{
    public const string ClientReadsTheAnswer = "client-reads-the-answer";

    /// <summary>Fails, naming the operation, method and path, the rule and what <paramref name="client"/> observed, unless <paramref name="holds"/>.</summary>
    public static void Hold(ContractTarget target, string client, string operationId, bool holds, string expectation, string observed, string rule = ClientReadsTheAnswer)
    {
        ArgumentNullException.ThrowIfNull(target);
        var operation = SpecCatalog.Instance[operationId];
        target.Coverage.Rule(rule, $"{operationId} ({client})", holds);
        if (holds)
        {
            return;
        }

        var message = $"Contract broken by {operation.OperationId} ({operation.Method} {operation.PathTemplate}), as {client} reads it:\n  [{rule}] {expectation}; observed: {observed}.";
        target.Coverage.Failed(new RecordedFailure(TestContext.Current.Test?.TestDisplayName ?? "(outside a test)", operation.OperationId, $"{operation.Method} {operation.PathTemplate} ({client})", 0, rule, $"{expectation}; observed: {observed}.", null));
        throw new ClientRuleException(target.Redactor.Redact(message));
    }
}
