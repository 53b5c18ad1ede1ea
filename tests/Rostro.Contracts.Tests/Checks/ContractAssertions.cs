using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions.Primitives;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>An answer broke the contract; the message names the operation, method and path, status, rule, pointer and a body snippet.</summary>
public sealed class ContractViolationException(string message, Exchange exchange, IReadOnlyList<ContractFailure> failures, string? evidencePath) : Exception(message)
{
    public Exchange Exchange { get; } = exchange;

    public IReadOnlyList<ContractFailure> Failures { get; } = failures;

    /// <summary>The evidence file written for this failure.</summary>
    public string? EvidencePath { get; } = evidencePath;
}

public static class ExchangeAssertionExtensions
{
    public static ExchangeAssertions Should(this Exchange exchange) => new(exchange);
}

/// <summary>FluentAssertions-style checks of an exchange against the spec: <c>exchange.Should().MatchContract()</c>.</summary>
/// <remarks>Every failure writes its evidence file (request, answer, the rules broken; credentials redacted) before it throws.</remarks>
public sealed class ExchangeAssertions(Exchange exchange) : ReferenceTypeAssertions<Exchange, ExchangeAssertions>(exchange)
{
    protected override string Identifier => "exchange";

    /// <summary>The answer meets every rule of its operation (status, content type, schema, envelope, headers) and is one of <paramref name="statuses"/> when given.</summary>
    public AndConstraint<ExchangeAssertions> MatchContract(SpecOperation? operation = null, params int[] statuses) => MatchContract(operation, statuses, []);

    /// <summary>As <see cref="MatchContract(SpecOperation?, int[])"/>, with failures of other rules the same answer broke (one verdict, one evidence file).</summary>
    public AndConstraint<ExchangeAssertions> MatchContract(SpecOperation? operation, int[] statuses, IEnumerable<ContractFailure> also)
    {
        operation ??= Subject.Operation ?? throw new InvalidOperationException($"{Subject.Method} {Subject.Url.AbsolutePath} is no operation of the spec; name the operation to check against.");
        var failures = new List<ContractFailure>();
        if (statuses.Length > 0 && !statuses.Contains(Subject.Status))
        {
            failures.Add(new(ContractRules.ExpectedStatus, $"expected {string.Join(" or ", statuses)}, got {Subject.Status}."));
        }

        failures.AddRange(ContractRules.Check(Subject, operation));
        failures.AddRange(also);
        Subject.Evidence.Coverage.Checked(operation, Subject.Status, failures.Count == 0);
        return Verdict(operation, failures);
    }

    /// <summary>A successful (2xx) answer that meets the contract.</summary>
    public AndConstraint<ExchangeAssertions> Succeed(SpecOperation? operation = null)
    {
        var op = operation ?? Subject.Operation;
        return MatchContract(op, op is null ? [200] : ContractRules.DocumentedStatuses(op).Where(s => s is >= 200 and < 300).DefaultIfEmpty(200).ToArray());
    }

    /// <summary>The documented error envelope of <paramref name="status"/>.</summary>
    public AndConstraint<ExchangeAssertions> BeError(int status, SpecOperation? operation = null) => MatchContract(operation, status);

    /// <summary>A 422 whose <c>detail</c> names every expected <c>loc</c> (each a path like <c>body/messages/0/role</c>), or the documented 400 when <paramref name="allow400"/>.</summary>
    public AndConstraint<ExchangeAssertions> BeValidationError(SpecOperation operation, IReadOnlyList<string> locs, bool allow400 = false)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(locs);
        var statuses = allow400 && operation.Responses.ContainsKey("400") ? new[] { 422, 400 } : [422];
        MatchContract(operation, statuses);
        if (Subject.Status != 422)
        {
            return new(this);
        }

        var failures = new List<ContractFailure>();
        var named = (Subject.Json?["detail"] as JsonArray ?? [])
            .Select(d => d?["loc"] is JsonArray loc ? string.Join('/', loc.Select(s => s?.ToString())) : string.Empty)
            .ToList();
        foreach (var loc in locs.Where(l => !named.Contains(l, StringComparer.Ordinal)))
        {
            failures.Add(new(ContractRules.ValidationDetail, $"no detail entry at loc {loc}; the detail names {(named.Count == 0 ? "nothing" : string.Join(", ", named))}.", "/detail", "#/components/schemas/ValidationDetail/properties/loc"));
        }

        return Verdict(operation, failures);
    }

    /// <summary>405 with an <c>Allow</c> header naming exactly the declared methods (HEAD and OPTIONS may be added).</summary>
    public AndConstraint<ExchangeAssertions> BeMethodNotAllowed(IEnumerable<string> declared)
    {
        var failures = new List<ContractFailure>();
        if (Subject.Status != 405)
        {
            failures.Add(new(ContractRules.ExpectedStatus, $"expected 405 for an undeclared method, got {Subject.Status}."));
        }

        var allow = (Subject.Header("Allow") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToUpperInvariant()).ToHashSet();
        var wanted = declared.Select(m => m.ToUpperInvariant()).ToHashSet();
        allow.ExceptWith(["HEAD", "OPTIONS"]);
        if (!allow.SetEquals(wanted))
        {
            failures.Add(new(ContractRules.Allow, $"Allow is '{Subject.Header("Allow") ?? "(missing)"}'; the path declares {string.Join(", ", wanted.Order())}."));
        }

        return Verdict(null, failures);
    }

    /// <summary>A rule about what the API does (not only the shape of this answer): fails naming the rule, where and what was observed.</summary>
    /// <param name="rule">The rule's name (<see cref="ContractRules"/>).</param>
    /// <param name="holds">Whether the answer meets it.</param>
    /// <param name="expectation">What the rule wants, in a sentence (<c>an uploaded image is listed in its project's gallery</c>).</param>
    /// <param name="observed">What the answer holds instead (<c>the gallery lists 3 images: a, b, c</c>).</param>
    /// <param name="pointer">Where in the body, if the rule is about a value.</param>
    public AndConstraint<ExchangeAssertions> Hold(string rule, bool holds, string expectation, string observed, string? pointer = null)
    {
        Subject.Evidence.Coverage.Rule(rule, Subject.Operation?.OperationId ?? $"{Subject.Method} {Subject.Url.AbsolutePath}", holds);
        return holds ? new(this) : Verdict(Subject.Operation, [new(rule, $"{expectation}; observed: {observed}.", pointer)]);
    }

    /// <summary>The array at <paramref name="items"/> holds an item whose <paramref name="key"/> is <paramref name="value"/>.</summary>
    public AndConstraint<ExchangeAssertions> List(string items, string key, string value, string rule, string expectation)
    {
        var keys = Keys(items, key);
        return Hold(rule, keys.Contains(value, StringComparer.Ordinal), expectation, $"{key.TrimStart('/')} '{value}' is not among the {keys.Count} listed at {items}{Sample(keys)}", items);
    }

    /// <summary>The array at <paramref name="items"/> holds no item whose <paramref name="key"/> is <paramref name="value"/>.</summary>
    public AndConstraint<ExchangeAssertions> NotList(string items, string key, string value, string rule, string expectation)
    {
        var keys = Keys(items, key);
        return Hold(rule, !keys.Contains(value, StringComparer.Ordinal), expectation, $"{key.TrimStart('/')} '{value}' is still listed at {items}", items);
    }

    /// <summary>The value at <paramref name="pointer"/> is <paramref name="expected"/> (compared as JSON).</summary>
    public AndConstraint<ExchangeAssertions> HaveValue(string pointer, JsonNode? expected, string rule, string expectation)
    {
        var actual = Pointer.At(Subject.Json, pointer);
        return Hold(rule, JsonNode.DeepEquals(actual, expected), expectation, $"{pointer} is {actual?.ToJsonString() ?? "absent"}, not {expected?.ToJsonString() ?? "null"}", pointer);
    }

    /// <summary>The values at <paramref name="key"/> of the items of the array at <paramref name="items"/>, as text.</summary>
    public List<string> Keys(string items, string key) =>
        (Pointer.At(Subject.Json, items) as JsonArray ?? []).Select(i => Pointer.At(i, key) is JsonValue v ? Checks.OperationRequests.Text(v) : null).OfType<string>().ToList();

    private static string Sample(List<string> keys) => keys.Count == 0 ? string.Empty : $" ({string.Join(", ", keys.Take(5))}{(keys.Count > 5 ? ", …" : string.Empty)})";

    /// <summary>Fails with these failures (used by stream checks, whose rules are checked event by event).</summary>
    public AndConstraint<ExchangeAssertions> HaveNo(IReadOnlyList<ContractFailure> failures, SpecOperation? operation = null) => Verdict(operation ?? Subject.Operation, failures);

    private AndConstraint<ExchangeAssertions> Verdict(SpecOperation? operation, IReadOnlyList<ContractFailure> failures)
    {
        if (failures.Count == 0)
        {
            return new(this);
        }

        var evidence = Subject.Evidence.Write(Subject, failures);
        var check = TestContext.Current.Test?.TestDisplayName ?? "(outside a test)";
        foreach (var failure in failures)
        {
            Subject.Evidence.Coverage.Failed(new Coverage.RecordedFailure(check, operation?.OperationId ?? Subject.Name, $"{Subject.Method} {Subject.Url.PathAndQuery}", Subject.Status, failure.Rule, failure.ToString(), evidence));
        }

        var message = new StringBuilder()
            .Append("Contract broken by ").Append(operation is null ? Subject.Name : $"{operation.OperationId} ({operation.Method} {operation.PathTemplate})")
            .Append(": ").Append(Subject.Method).Append(' ').Append(Subject.Url.PathAndQuery)
            .Append(" answered ").Append(Subject.Status).Append(' ').Append(Subject.MediaType ?? "(no content type)").AppendLine();
        foreach (var failure in failures)
        {
            message.Append("  ").AppendLine(failure.ToString());
        }

        message.Append("  body: ").AppendLine(Snippet(Subject.Body));
        if (evidence is not null)
        {
            message.Append("  evidence: ").AppendLine(evidence);
        }

        throw new ContractViolationException(Subject.Evidence.Redactor.Redact(message.ToString()), Subject, failures, evidence);
    }

    private static string Snippet(string body) => body.Length == 0 ? "(empty)" : body.Length <= 400 ? body : body[..400] + $"… ({body.Length} characters)";
}
