using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Rostro.Client;
using Rostro.Spec;
using Rostro.Spec.Answers;
using Rostro.Spec.Routing;

namespace Rostro.WireMock;

/// <summary>Generates every stub of the spec: per operation its 401, its forced statuses and examples, its event stream and its success answer.</summary>
/// <remarks>
/// The stubs answer as the Rostro mock does on the same request, for what a stateless stub can say: the documented examples,
/// chosen by the same <c>Prefer</c> conventions, behind the same credentials check. Priorities encode the mock's order: the
/// route (literal segments before parameters), then the stub's <see cref="StubKind"/>.
/// </remarks>
public static class RostroStubs
{
    /// <summary>WireMock priorities up to this one are left for your own stubs (Java WireMock's default is 5, WireMock.Net's 0): every generated stub is lower.</summary>
    public const int LowestUserPriority = 99;

    private const string ApplicationJson = "application/json";
    private const string EventStream = "text/event-stream";

    // Room for every kind between two routes' priorities.
    private static readonly int s_kindsPerRoute = Enum.GetValues<StubKind>().Length;

    // The embedded spec's stubs, generated once per process (records: every server and export shares them safely).
    private static readonly Lazy<IReadOnlyList<RostroStub>> s_embedded = new(
        () => FromSpec(RostroSpec.LoadEmbeddedAsync().GetAwaiter().GetResult()),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The stubs of the spec compiled into Rostro.Spec (<c>openapi/rostro.yaml</c>): what <c>WithRostroApi()</c> adds and <c>export</c> writes.</summary>
    public static IReadOnlyList<RostroStub> Embedded => s_embedded.Value;

    /// <summary>The stubs of every operation of a spec, grouped by operation in spec order.</summary>
    /// <exception cref="InvalidOperationException">An operation documents no success status, a status has no JSON example, or a secured operation no 401 or no credential header (the spec tests forbid all of these).</exception>
    public static IReadOnlyList<RostroStub> FromSpec(RostroSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // The route table's order (literal segments before parameters) as priorities: the stubs route as the mock does.
        var routes = PathTemplates.Rank(spec.Operations.Select(o => o.PathTemplate));
        var credentials = spec.CredentialHeaders;
        var answers = new DocumentedAnswers(spec);
        var stubs = new List<RostroStub>();
        foreach (var operation in spec.Operations)
        {
            stubs.AddRange(ForOperation(operation, answers, routes[operation.PathTemplate], credentials));
        }

        return stubs;
    }

    private static IEnumerable<RostroStub> ForOperation(SpecOperation operation, DocumentedAnswers answers, int route, IReadOnlyList<string> credentials)
    {
        var statuses = answers.Statuses(operation.OperationId).Select(s => answers.Find(operation.OperationId, s)!).ToList();
        if (statuses.FirstOrDefault(s => s.Examples.Count == 0) is { } bare)
        {
            throw new InvalidOperationException($"{operation} documents {bare.Status} without a JSON example to answer with.");
        }

        var success = statuses.FirstOrDefault(s => s.Status is >= 200 and < 300)
            ?? throw new InvalidOperationException($"{operation} documents no success status.");

        // What the Prefer conventions (PreferDecision, the mock's too) chose, as a stub's answer.
        StubResponse Answer(PreferredAnswer chosen)
        {
            if (chosen.Kind == PreferredKind.Envelope)
            {
                return Json(chosen.Status, Envelope(chosen.Status, ErrorAnswers.ForcedMessage(chosen.Status, ReasonPhrases.GetReasonPhrase(chosen.Status)), ErrorCodes.ForStatus(chosen.Status)), ErrorAnswers.Headers(chosen.Status));
            }

            var documented = answers.Find(operation.OperationId, chosen.Status)!;
            return Json(chosen.Status, Encoding.UTF8.GetString(documented.Example(chosen.Example)!), Headers(documented));
        }
        var path = PathTemplates.HasParameters(operation.PathTemplate) ? PathPattern(operation.PathTemplate) : null;

        RostroStub Stub(StubKind kind, string role, string? prefer, StubResponse response, IReadOnlyList<string>? absent = null, bool stream = false) =>
            new(
                StableId($"{operation.OperationId} {role}"),
                $"{operation.OperationId}: {role}",
                operation.OperationId,
                kind,
                LowestUserPriority + 1 + (route * s_kindsPerRoute) + (int)kind,
                new StubRequest(operation.Method, operation.PathTemplate, path, prefer, absent ?? [], stream),
                response);

        if (!operation.IsPublic)
        {
            if (statuses.All(s => s.Status != 401))
            {
                throw new InvalidOperationException($"{operation} is secured but documents no 401.");
            }

            if (credentials.Count == 0)
            {
                throw new InvalidOperationException($"{operation} is secured but the spec declares no credential header (http or apiKey in header), so no stub could tell a call without credentials.");
            }

            // The mock's own 401 (its message names the credential headers), a documented ErrorEnvelope like the spec's example.
            yield return Stub(StubKind.MissingCredentials, "401 without credentials", null,
                Json(401, Envelope(401, ErrorAnswers.MissingCredentialsMessage(credentials), ErrorCodes.MissingCredentials), ErrorAnswers.Headers(401)), credentials);
        }

        // Every documented Prefer: code=N, with and without each of N's examples, answered as the conventions decide.
        foreach (var documented in statuses)
        {
            var status = documented.Status;
            var alone = PreferDecision.Decide(answers, operation.OperationId, status, null);
            if (alone.Kind == PreferredKind.Envelope)
            {
                yield return Stub(StubKind.ForcedStatus, $"{status} for Prefer: code={status}", PreferPattern.ForStatus(status), Answer(alone));
            }

            foreach (var (name, _) in documented.Examples)
            {
                var isAlone = alone.Kind == PreferredKind.Example && alone.Example == name;
                var role = isAlone ? $"{status} for Prefer: code={status}" : $"{status} {name} for Prefer: code={status}, example={name}";
                yield return Stub(StubKind.ForcedStatus, role, PreferPattern.ForStatus(status, name, orNoExample: isAlone),
                    Answer(PreferDecision.Decide(answers, operation.OperationId, status, name)));
            }
        }

        // Every Prefer: example=name alone that a success status documents.
        var named = answers.SuccessStatuses(operation.OperationId)
            .SelectMany(s => answers.Find(operation.OperationId, s)!.Examples.Select(e => e.Key))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in named)
        {
            var chosen = PreferDecision.Decide(answers, operation.OperationId, null, name);
            yield return Stub(StubKind.NamedExample, $"{chosen.Status} for Prefer: example={name}", PreferPattern.ForExample(name), Answer(chosen));
        }

        var documentedList = string.Join(", ", statuses.Select(s => s.Status));
        var exampleList = string.Join(", ", named);
        var refusal = Envelope(400, $"Prefer asks for a status or example that {operation.OperationId} does not document. Statuses: {documentedList}; examples of the success status: {exampleList}.", ErrorCodes.BadMockOverride);
        yield return Stub(StubKind.UndocumentedPreference, "400 for a Prefer code or example it does not document", PreferPattern.ForAnyCodeOrExample(),
            Json(400, refusal, []));

        if (EventStreamExamples(operation, success.Status) is { Count: > 0 } events)
        {
            yield return Stub(StubKind.EventStream, $"{success.Status} event stream for \"stream\": true", null,
                new StubResponse(success.Status, [new("Content-Type", "text/event-stream; charset=utf-8"), new("Cache-Control", "no-cache")], EventStreamBody(events)),
                stream: true);
        }

        yield return Stub(StubKind.Success, $"{success.Status} {success.Examples[0].Key}", null,
            Json(success.Status, Encoding.UTF8.GetString(success.Examples[0].Value), Headers(success)));
    }

    /// <summary>The canned stream: one <c>data:</c> event per example of the event-stream content, then <c>data: [DONE]</c>, as the mock frames its events.</summary>
    public static string EventStreamBody(IEnumerable<string> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var body = new StringBuilder();
        foreach (var json in events)
        {
            body.Append("data: ").Append(json).Append("\n\n");
        }

        return body.Append("data: [DONE]\n\n").ToString();
    }

    private static List<string> EventStreamExamples(SpecOperation operation, int status) =>
        operation.Responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var content) && content.TryGetValue(EventStream, out var events)
            ? events.Examples.Values.Select(Serialize).ToList()
            : [];

    // An error answer's body as every server of the API writes it (Rostro.Spec.Answers).
    private static string Envelope(int status, string message, int code) =>
        ErrorAnswers.Envelope(status, message, code) is var envelope ? JsonSerializer.Serialize(envelope, envelope.GetType(), RostroJson.ServerOptions) : string.Empty;

    private static StubResponse Json(int status, string body, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        new(status, [new("Content-Type", ApplicationJson), .. headers], body);

    // With an example the mock sends Retry-After only where the spec documents the header (on 429).
    private static IReadOnlyList<KeyValuePair<string, string>> Headers(DocumentedResponse documented) =>
        documented.DeclaresRetryAfter ? [new("Retry-After", ErrorAnswers.RetryAfterSeconds)] : [];

    // The same bytes the mock answers with (System.Text.Json, compact).
    private static string Serialize(JsonNode? example) => example?.ToJsonString() ?? "null";

    // The spec's credential headers: Authorization for an http scheme, the header name of an apiKey scheme.

    // A name-based id: the same operation and role give the same GUID in every export.
    private static Guid StableId(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("rostro-wiremock:" + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    // An anchored regex: literal segments as written, each parameter one non-empty segment (the mock validates the value; WireMock does not).
    private static string PathPattern(string template) =>
        "^" + string.Concat(PathTemplates.Segments(template).Select(s => "/" + (PathTemplates.IsParameter(s) ? "[^/]+" : System.Text.RegularExpressions.Regex.Escape(s)))) + "$";
}
