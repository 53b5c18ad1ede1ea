using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Rostro.Spec;
using Rostro.Spec.Schemas;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>One way an answer breaks the contract.</summary>
/// <param name="Rule">Which rule, named so a reader finds it in this file: <c>status-documented</c>, <c>content-type-documented</c>, <c>schema</c>, ...</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Pointer">Where in the body (RFC 6901), when the rule is about a value.</param>
/// <param name="SchemaRule">Where the broken rule is written in the spec, with its keyword (<c>#/components/schemas/GalleryImage/required</c>).</param>
public sealed record ContractFailure(string Rule, string Message, string? Pointer = null, string? SchemaRule = null)
{
    public override string ToString() =>
        $"[{Rule}] {(Pointer is null ? string.Empty : $"at {(Pointer.Length == 0 ? "/" : Pointer)}: ")}{Message}{(SchemaRule is null ? string.Empty : $" (rule {SchemaRule})")}";
}

/// <summary>The contract rules every answer is held to, read from the spec: Schemathesis's response checks and the envelope conventions.</summary>
public static class ContractRules
{
    public const string StatusDocumented = "status-documented";
    public const string ContentTypeDocumented = "content-type-documented";
    public const string Schema = "schema";
    public const string ErrorCodeIsStatus = "errorCode-is-status";
    public const string HeaderDocumented = "header-documented";
    public const string ExpectedStatus = "expected-status";
    public const string ValidationDetail = "validation-detail";
    public const string Allow = "allow-header";
    public const string NotAServerError = "not-a-server-error";

    // What an API does, beyond the shape of one answer: each named where a check states it.
    public const string ListsWhatWasCreated = "lists-what-was-created";
    public const string GoneAfterRemoval = "gone-after-removal";
    public const string ShowsTheChange = "shows-the-change";
    public const string Removable = "creation-removable";
    public const string ValidInputAccepted = "valid-input-accepted";
    public const string PageLimit = "page-within-limit";
    public const string PageMoves = "pages-differ";
    public const string PageEcho = "page-echoed";
    public const string FilterHolds = "filter-holds";
    public const string AnotherUsersResource = "another-users-resource-refused";

    /// <summary>Every rule an answer to <paramref name="operation"/> must meet whatever its status.</summary>
    public static IReadOnlyList<ContractFailure> Check(Exchange exchange, SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(operation);
        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        var key = ResponseKey(operation, exchange.Status);
        if (key is null)
        {
            return [new(StatusDocumented, $"{status} is not a status {operation.OperationId} documents ({string.Join(", ", operation.Responses.Keys)}).")];
        }

        var failures = new List<ContractFailure>();
        // Documented or not, a 5xx nobody asked for is the server failing (Schemathesis's not_a_server_error).
        if (exchange.Status >= 500 && !AskedFor(exchange))
        {
            failures.Add(new(NotAServerError, $"{status}: the server failed on a request that did not ask for a failure (Prefer: code=, X-Mock-Error-*)."));
        }

        var content = operation.Responses[key];
        if (content.Count == 0)
        {
            return failures;
        }

        var media = exchange.MediaType;
        var documented = content.Keys.FirstOrDefault(k => string.Equals(k, media, StringComparison.OrdinalIgnoreCase));
        if (documented is null)
        {
            failures.Add(new(ContentTypeDocumented, $"Content-Type {media ?? "(none)"} is not documented for {status}; the spec names {string.Join(", ", content.Keys)}."));
            return failures;
        }

        // A stream's events are checked one by one (Streaming/StreamContract), not as one body.
        if (documented.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) || content[documented].Schema is not { } schema)
        {
            return failures;
        }

        failures.AddRange(Body(exchange.Body, schema));
        if (failures.Count == 0)
        {
            failures.AddRange(Envelope(exchange));
            failures.AddRange(Headers(exchange, operation, key));
        }

        return failures;
    }

    /// <summary>Whether the request asked for its answer's status (a mock's Prefer: code= or X-Mock-* fault headers).</summary>
    public static bool AskedFor(Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return exchange.RequestHeaders.Any(h => h.Key.Equals("Prefer", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("X-Mock-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A JSON text against a schema of the spec: one failure per violation, naming the value and the rule.</summary>
    public static IReadOnlyList<ContractFailure> Body(string body, SpecSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            return [new(Schema, $"The body is not JSON: {e.Message.Split(" Path:", 2)[0]}")];
        }

        return Body(json, schema);
    }

    public static IReadOnlyList<ContractFailure> Body(JsonNode? json, SpecSchema schema) =>
        SchemaValidator.Validate(json, schema)
            .Select(v => new ContractFailure(Schema, $"{v.Message} ({KeywordOf(v.Kind)}{(v.Expected is null ? string.Empty : ": " + v.Expected)})", v.Pointer, v.SchemaPointer.Length == 0 ? schema.ToString() : "#" + v.SchemaPointer))
            .ToList();

    /// <summary>The spec's own words on its envelopes: <c>errorCode</c> is the HTTP status of the answer (ErrorEnvelope and InternalErrorEnvelope).</summary>
    public static IEnumerable<ContractFailure> Envelope(Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.Status >= 400 && exchange.Json is JsonObject body && body["errorCode"] is JsonValue code && code.TryGetValue<long>(out var value) && value != exchange.Status)
        {
            yield return new(ErrorCodeIsStatus, $"errorCode is {value} in a {exchange.Status} answer; the spec says errorCode is the HTTP status of the answer.", "/errorCode", "#/components/schemas/ErrorEnvelope/properties/errorCode/description");
        }
    }

    /// <summary>Headers the spec documents for the status: required ones present, present ones of their schema (Retry-After an integer ≥ 0).</summary>
    public static IEnumerable<ContractFailure> Headers(Exchange exchange, SpecOperation operation, string key)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Raw.Responses?.TryGetValue(key, out var response) != true || response!.Headers is not { Count: > 0 } headers)
        {
            yield break;
        }

        foreach (var (name, header) in headers)
        {
            var value = exchange.Header(name);
            if (value is null)
            {
                if (header.Required)
                {
                    yield return new(HeaderDocumented, $"The documented header {name} is missing.", null, $"#/paths/{operation.PathTemplate}/{operation.Method.ToLowerInvariant()}/responses/{key}/headers/{name}");
                }

                continue;
            }

            if (header.Schema is { } schema && schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (schema.Minimum is { } min && number < Convert.ToDecimal((object)min, CultureInfo.InvariantCulture)))
                {
                    yield return new(HeaderDocumented, $"{name}: '{value}' is not an integer of its documented range.", null, $"#/paths/{operation.PathTemplate}/{operation.Method.ToLowerInvariant()}/responses/{key}/headers/{name}/schema");
                }
            }
        }
    }

    /// <summary>The spec's response entry for a status: exact, else its range (<c>4XX</c>), else <c>default</c>.</summary>
    public static string? ResponseKey(SpecOperation operation, int status)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var exact = status.ToString(CultureInfo.InvariantCulture);
        var range = $"{exact[0]}XX";
        return operation.Responses.ContainsKey(exact) ? exact
            : operation.Responses.Keys.FirstOrDefault(k => string.Equals(k, range, StringComparison.OrdinalIgnoreCase))
            ?? (operation.Responses.ContainsKey("default") ? "default" : null);
    }

    /// <summary>The documented statuses, as numbers (ranges and <c>default</c> left out).</summary>
    public static IEnumerable<int> DocumentedStatuses(SpecOperation operation) =>
        operation.Responses.Keys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0).Where(s => s > 0);

    /// <summary>The JSON schema of a documented answer, if it has one.</summary>
    public static SpecSchema? JsonSchemaOf(SpecOperation operation, int status, string mediaType = "application/json") =>
        ResponseKey(operation, status) is { } key && operation.Responses[key].TryGetValue(mediaType, out var media) ? media.Schema : null;

    private static string KeywordOf(ViolationKind kind) => kind switch
    {
        ViolationKind.Other => "rule",
        ViolationKind.AdditionalProperties => "additionalProperties",
        _ => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..],
    };
}
