using System.Globalization;
using System.Text;

namespace Rostro.Spec.Answers;

/// <summary>Every documented answer of the spec: per operation and status its JSON schema and examples (serialized once, compact), and whether it declares <c>Retry-After</c>.</summary>
/// <remarks>The mock answers from it and the WireMock stubs are generated from it; <see cref="PreferDecision"/> chooses among its answers for both.</remarks>
public sealed class DocumentedAnswers
{
    private readonly Dictionary<string, Dictionary<int, DocumentedResponse>> _byOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _statuses = new(StringComparer.Ordinal);

    /// <summary>Reads every operation's documented responses.</summary>
    public DocumentedAnswers(RostroSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var operation in spec.Operations)
        {
            var statuses = new Dictionary<int, DocumentedResponse>();
            foreach (var (code, content) in operation.Responses)
            {
                if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    continue;
                }

                var json = content.GetValueOrDefault("application/json");
                var examples = new List<KeyValuePair<string, byte[]>>();
                foreach (var (name, value) in json?.Examples ?? new Dictionary<string, System.Text.Json.Nodes.JsonNode?>())
                {
                    examples.Add(new(name, Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null")));
                }

                var retryAfter = operation.Raw.Responses?.TryGetValue(code, out var raw) == true && raw.Headers?.ContainsKey("Retry-After") == true;
                statuses[status] = new DocumentedResponse(status, json, examples, retryAfter);
            }

            _byOperation[operation.OperationId] = statuses;
            _statuses[operation.OperationId] = [.. statuses.Keys.Order()];
        }
    }

    /// <summary>The documented statuses of an operation, ascending.</summary>
    public IReadOnlyList<int> Statuses(string operationId) => _statuses.GetValueOrDefault(operationId) ?? [];

    /// <summary>The operation's success statuses (2xx), ascending: the first is its success answer, and where <c>Prefer: example=name</c> alone looks for the example.</summary>
    public IEnumerable<int> SuccessStatuses(string operationId) => Statuses(operationId).Where(s => s is >= 200 and < 300);

    /// <summary>The documented response of a status, or null when the operation does not document it.</summary>
    public DocumentedResponse? Find(string operationId, int status) =>
        _byOperation.TryGetValue(operationId, out var statuses) ? statuses.GetValueOrDefault(status) : null;
}

/// <summary>One documented status of an operation: its JSON schema and its examples, serialized.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Json">The <c>application/json</c> content (schema and examples), or null when the status has no JSON body.</param>
/// <param name="Examples">Examples in spec order, name → UTF-8 JSON.</param>
/// <param name="DeclaresRetryAfter">Whether the spec declares a <c>Retry-After</c> header on this status.</param>
public sealed record DocumentedResponse(
    int Status,
    SpecMediaType? Json,
    IReadOnlyList<KeyValuePair<string, byte[]>> Examples,
    bool DeclaresRetryAfter)
{
    /// <summary>The named example, or when <paramref name="name"/> is null the first one listed; null when there is no such example.</summary>
    public byte[]? Example(string? name)
    {
        if (name is null)
        {
            return Examples.Count > 0 ? Examples[0].Value : null;
        }

        foreach (var (key, value) in Examples)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
