using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Spec.Routing;
using Rostro.Spec;
using Rostro.WireMock.Tests.Infrastructure;
using static Rostro.WireMock.Tests.Infrastructure.StubRequests;
using Rostro.Spec.Answers;

namespace Rostro.WireMock.Tests.Answers;

/// <summary>The checks every server loaded with the stubs must pass, each a sweep over the whole spec, expectations read from the spec itself.</summary>
/// <remarks>Each returns how many requests it checked and every failure, so one run reports all of them and a sweep that checked nothing shows.</remarks>
public static class StubSweeps
{
    private const string ApplicationJson = "application/json";
    private const string EventStream = "text/event-stream";

    /// <summary>Every documented status of every operation, forced with <c>Prefer: code=</c> alone and with each of its examples named.</summary>
    /// <remarks>The answer must be the one the <c>Prefer</c> conventions choose (<see cref="PreferDecision"/>, decided for the real spec
    /// in Rostro.Spec.Tests): the spec's example, or for an error forced alone its envelope with the status's code and headers,
    /// valid against the status's schema.</remarks>
    public static async Task<Sweep> DocumentedStatusesAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var answers = new DocumentedAnswers(spec);
        foreach (var operation in spec.Operations)
        {
            foreach (var (status, examples) in JsonStatuses(operation))
            {
                var prefers = examples.Select(e => (Prefer: $"code={status}, example={e.Name}", Example: (string?)e.Name)).Prepend(($"code={status}", null));
                foreach (var (prefer, example) in prefers)
                {
                    using var request = Build(operation, [Bearer, Prefer(prefer)]);
                    sweep.ExpectChosen($"{operation} Prefer: {prefer}", await server.SendAsync(request), operation, PreferDecision.Decide(answers, operation.OperationId, status, example));
                }
            }
        }

        return sweep;
    }

    /// <summary>Every operation, with each of the spec's credential headers (and public ones with none), answers its success status and first example.</summary>
    public static async Task<Sweep> SuccessAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        foreach (var operation in spec.Operations)
        {
            var (status, examples) = JsonStatuses(operation).First(s => s.Status is >= 200 and < 300);
            var callers = Credentials.Select(c => (Label: c.Header, Headers: new[] { c })).ToList();
            if (operation.IsPublic)
            {
                callers.Add(("no credentials", []));
            }

            foreach (var (label, headers) in callers)
            {
                using var request = Build(operation, headers);
                sweep.ExpectJson($"{operation} with {label}", await server.SendAsync(request), operation, status, examples[0].Example);
            }
        }

        return sweep;
    }

    /// <summary>Every secured operation without credentials answers 401: the envelope with the missing-credentials code, naming the spec's credential headers, and <c>WWW-Authenticate: Bearer</c>; also when <c>Prefer</c> asks for its success.</summary>
    public static async Task<Sweep> MissingCredentialsAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var message = ErrorAnswers.MissingCredentialsMessage(spec.CredentialHeaders);
        foreach (var operation in spec.Operations.Where(o => !o.IsPublic))
        {
            var success = JsonStatuses(operation).First(s => s.Status is >= 200 and < 300).Status;
            foreach (var headers in new[] { Array.Empty<(string, string)>(), [Prefer($"code={success}")] })
            {
                var label = $"{operation} without credentials{(headers.Length > 0 ? $", Prefer: code={success}" : string.Empty)}";
                using var request = Build(operation, headers);
                var answer = await server.SendAsync(request);
                sweep.ExpectEnvelope(label, answer, operation, 401, ErrorCodes.MissingCredentials, message);
            }
        }

        return sweep;
    }

    /// <summary>Every named example of every success status, chosen with <c>Prefer: example=</c> alone.</summary>
    public static async Task<Sweep> NamedExamplesAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        foreach (var operation in spec.Operations)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (status, examples) in JsonStatuses(operation).Where(s => s.Status is >= 200 and < 300))
            {
                foreach (var (name, example) in examples.Where(e => seen.Add(e.Name)))
                {
                    using var request = Build(operation, [Bearer, Prefer($"example={name}")]);
                    sweep.ExpectJson($"{operation} Prefer: example={name}", await server.SendAsync(request), operation, status, example);
                }
            }
        }

        return sweep;
    }

    /// <summary>The operations that document an event stream answer <c>"stream": true</c> with the spec's events then <c>[DONE]</c>, and <c>"stream": false</c> with JSON.</summary>
    public static async Task<Sweep> StreamsAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        foreach (var operation in spec.Operations)
        {
            var (status, examples) = JsonStatuses(operation).First(s => s.Status is >= 200 and < 300);
            if (operation.Responses[Code(status)].GetValueOrDefault(EventStream) is not { } events)
            {
                continue;
            }

            using (var request = Build(operation, [Bearer], stream: true))
            {
                var answer = await server.SendAsync(request);
                sweep.ExpectEvents($"{operation} \"stream\": true", answer, operation, status, events);
            }

            using (var request = Build(operation, [Bearer], stream: false))
            {
                sweep.ExpectJson($"{operation} \"stream\": false", await server.SendAsync(request), operation, status, examples[0].Example);
            }
        }

        return sweep;
    }

    /// <summary>A <c>Prefer</c> code or example an operation does not document answers 400 with the mock's <c>code</c> for it.</summary>
    public static async Task<Sweep> UndocumentedPreferencesAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var envelope = spec.Schema("ErrorEnvelope");
        foreach (var operation in spec.Operations)
        {
            var statuses = JsonStatuses(operation);
            var undocumented = Enumerable.Range(400, 200).First(s => statuses.All(d => d.Status != s));
            var success = statuses.First(s => s.Status is >= 200 and < 300).Status;
            foreach (var prefer in new[] { $"code={undocumented}", "example=no-such-example", $"code={success}, example=no-such-example" })
            {
                using var request = Build(operation, [Bearer, Prefer(prefer)]);
                var answer = await server.SendAsync(request);
                var label = $"{operation} Prefer: {prefer}";
                if (sweep.ExpectAnswer(label, answer, operation, 400, ApplicationJson) is not { } body)
                {
                    continue;
                }

                sweep.Fail(SchemaValidator.Validate(body, envelope).Select(v => $"{label}: {v}"));
                if (body["code"]?.GetValue<int>() != ErrorCodes.BadMockOverride)
                {
                    sweep.Fail($"{label}: code {body["code"]}, not the mock's {ErrorCodes.BadMockOverride}");
                }
            }
        }

        return sweep;
    }

    /// <summary>Each operation's example path, and every path two templates both match, is answered by the operation the Rostro mock's router picks.</summary>
    public static async Task<Sweep> RoutesAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var router = new RouteTable(spec.Operations);
        var paths = spec.Operations.Select(o => (o.Method, Path: ExamplePath(o))).ToList();
        var templates = spec.Operations.Select(o => o.PathTemplate).Distinct(StringComparer.Ordinal).ToList();
        foreach (var a in templates)
        {
            foreach (var b in templates.Where(b => string.CompareOrdinal(a, b) < 0))
            {
                if (SharedPath(a, b) is { } shared)
                {
                    paths.AddRange(spec.Operations.Where(o => o.PathTemplate == a || o.PathTemplate == b).Select(o => (o.Method, shared)));
                }
            }
        }

        foreach (var (method, path) in paths.Distinct())
        {
            var expected = router.Match(method, path).Operation!;
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            request.Headers.TryAddWithoutValidation(Bearer.Header, Bearer.Value);
            var answer = await server.SendAsync(request);
            sweep.Checked++;
            if (answer.Stub?.StartsWith(expected.OperationId + ":", StringComparison.Ordinal) != true)
            {
                sweep.Fail($"{method} {path}: answered by '{answer.Stub}', the mock routes it to {expected.OperationId}");
            }
        }

        return sweep;
    }

    /// <summary><c>Prefer</c> values as clients write them: spacing, case, quotes, parameters, order, other preferences, mistakes.</summary>
    public static readonly IReadOnlyList<string> PreferCases =
    [
        "code=404", "CODE=404", "code = 404", "code=\"404\"", "code=404;foo=bar", "return=minimal, code=404", "code=404 , example=seed",
        "example=seed, code=404", "code=200,example=rated", "code=200, example=seed", "example=rated", "example=seed", "example=Seed",
        "example=seedling", "code=4040", "code=40", "code=abc", "example=", "return=minimal", "code=418", "code=200, example=nope",
        "", "code=404, code=500", "example=\"rated\";x=1,code=200", "  code=503  ",
    ];

    /// <summary>Each of <see cref="PreferCases"/> on an operation with two success examples gets the answer the conventions choose
    /// for the header as the Rostro mock reads it (<c>RequestOverrides.Parse</c>): a malformed header or an undocumented choice
    /// 400 with the bad-override code, else what <see cref="PreferDecision"/> decides; no code or example, the success status.</summary>
    public static async Task<Sweep> PreferAsTheMockReadsItAsync(IStubServer server)
    {
        var sweep = new Sweep();
        var spec = await RostroSpec.LoadEmbeddedAsync();
        var answers = new DocumentedAnswers(spec);
        var operation = spec.Operations.First(o => JsonStatuses(o).First(s => s.Status is >= 200 and < 300).Examples.Count > 1);
        var success = JsonStatuses(operation).First(s => s.Status is >= 200 and < 300).Status;
        foreach (var prefer in PreferCases)
        {
            using var request = Build(operation, [Bearer, Prefer(prefer)]);
            var answer = await server.SendAsync(request);
            var label = $"{operation} Prefer: {prefer}";
            var read = Rostro.MockServer.Operations.RequestOverrides.Parse(new Microsoft.AspNetCore.Http.HeaderDictionary { ["Prefer"] = prefer }, out var malformed);
            if (malformed is not null || read is null)
            {
                sweep.ExpectEnvelope(label, answer, operation, 400, ErrorCodes.BadMockOverride);
            }
            else if (read.Code is null && read.Example is null)
            {
                sweep.ExpectAnswer(label, answer, operation, success, ApplicationJson);
            }
            else
            {
                sweep.ExpectChosen(label, answer, operation, PreferDecision.Decide(answers, operation.OperationId, read.Code, read.Example));
            }
        }

        return sweep;
    }

    /// <summary>The documented statuses of an operation with their JSON examples, in spec order.</summary>
    public static List<(int Status, List<(string Name, JsonNode? Example)> Examples)> JsonStatuses(SpecOperation operation) =>
        [.. operation.Responses
            .Select(r => (Status: int.Parse(r.Key, CultureInfo.InvariantCulture), Examples: r.Value[ApplicationJson].Examples.Select(e => (e.Key, e.Value)).ToList()))
            .OrderBy(r => r.Status)];

    private static string Code(int status) => status.ToString(CultureInfo.InvariantCulture);

    // A path both templates match, when there is one: a literal where either has one, a parameter value elsewhere.
    private static string? SharedPath(string a, string b)
    {
        var left = a.Split('/');
        var right = b.Split('/');
        if (left.Length != right.Length)
        {
            return null;
        }

        var segments = new List<string>();
        for (var i = 0; i < left.Length; i++)
        {
            var (x, y) = (left[i], right[i]);
            var (xp, yp) = (x.StartsWith('{'), y.StartsWith('{'));
            if (!xp && !yp && x != y)
            {
                return null;
            }

            segments.Add(xp && yp ? "shared-value" : xp ? y : x);
        }

        return string.Join('/', segments);
    }

    /// <summary>What one sweep checked and what failed.</summary>
    public sealed class Sweep
    {
        public int Checked { get; set; }

        public List<string> Failures { get; } = [];

        public void Fail(string failure) => Failures.Add(failure);

        public void Fail(IEnumerable<string> failures) => Failures.AddRange(failures);

        /// <summary>Status, media type and answering operation; returns the parsed JSON body when the media type is JSON.</summary>
        public JsonNode? ExpectAnswer(string label, StubAnswer answer, SpecOperation operation, int status, string mediaType)
        {
            Checked++;
            var failed = false;
            if (answer.Status != status)
            {
                Fail($"{label}: status {answer.Status}, expected {status} ({Excerpt(answer.Body)})");
                failed = true;
            }

            if (!string.Equals(answer.MediaType, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                Fail($"{label}: Content-Type {answer.MediaType}, expected {mediaType}");
                failed = true;
            }

            if (answer.Stub?.StartsWith(operation.OperationId + ":", StringComparison.Ordinal) != true)
            {
                Fail($"{label}: answered by '{answer.Stub}', not a stub of {operation.OperationId}");
            }

            if (failed || mediaType != ApplicationJson)
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(answer.Body);
            }
            catch (JsonException e)
            {
                Fail($"{label}: body is not JSON ({e.Message})");
                return null;
            }
        }

        /// <summary>A JSON answer whose body is this spec example and valid against the status's schema.</summary>
        public void ExpectJson(string label, StubAnswer answer, SpecOperation operation, int status, JsonNode? example)
        {
            if (ExpectAnswer(label, answer, operation, status, ApplicationJson) is not { } body)
            {
                return;
            }

            if (!JsonNode.DeepEquals(body, example))
            {
                Fail($"{label}: body {Excerpt(answer.Body)} is not the spec's example {Excerpt(example?.ToJsonString())}");
            }

            var schema = operation.Responses[Code(status)][ApplicationJson].Schema!;
            Fail(SchemaValidator.Validate(body, schema).Select(v => $"{label}: {v}"));
        }

        /// <summary>The answer <see cref="PreferDecision"/> chose: an example (the spec's, with the headers its status documents), an error envelope (the status's code and headers) or a refusal (400, the bad-override code).</summary>
        public void ExpectChosen(string label, StubAnswer answer, SpecOperation operation, PreferredAnswer chosen)
        {
            switch (chosen.Kind)
            {
                case PreferredKind.Refused:
                    ExpectEnvelope(label, answer, operation, 400, ErrorCodes.BadMockOverride);
                    return;
                case PreferredKind.Envelope:
                    ExpectEnvelope(label, answer, operation, chosen.Status, ErrorCodes.ForStatus(chosen.Status), ErrorAnswers.ForcedMessage(chosen.Status, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(chosen.Status)));
                    return;
            }

            var example = operation.Responses[Code(chosen.Status)][ApplicationJson].Examples[chosen.Example!];
            ExpectJson(label, answer, operation, chosen.Status, example);
            var documented = operation.Raw.Responses?[Code(chosen.Status)].Headers?.ContainsKey("Retry-After") == true;
            if (documented != answer.Headers.Contains("Retry-After"))
            {
                Fail($"{label}: Retry-After {(documented ? "missing, though the spec documents it on" : "sent, though the spec does not document it on")} {chosen.Status}");
            }
        }

        /// <summary>An error envelope: the status, valid against its schema, <c>errorCode</c> the status, the given <c>code</c> (and message), and the headers of its status (401 <c>WWW-Authenticate: Bearer</c>, 429 and 503 <c>Retry-After</c>).</summary>
        public void ExpectEnvelope(string label, StubAnswer answer, SpecOperation operation, int status, int code, string? message = null)
        {
            if (ExpectAnswer(label, answer, operation, status, ApplicationJson) is not { } body)
            {
                return;
            }

            if (operation.Responses.TryGetValue(Code(status), out var documented) && documented[ApplicationJson].Schema is { } schema)
            {
                Fail(SchemaValidator.Validate(body, schema).Select(v => $"{label}: {v}"));
            }

            // The spec's InternalErrorEnvelope (500) carries its code as a string (empty when none) and its text in "message".
            var expectedCode = status == 500 ? JsonValue.Create(code == ErrorCodes.None ? string.Empty : Code(code)) : JsonValue.Create(code);
            if (!JsonNode.DeepEquals(body["errorCode"], JsonValue.Create(status)) || !JsonNode.DeepEquals(body["code"], expectedCode))
            {
                Fail($"{label}: errorCode {body["errorCode"]?.ToJsonString()} and code {body["code"]?.ToJsonString()}, expected {status} and {expectedCode.ToJsonString()}");
            }

            var text = body[status == 500 ? "message" : "error"];
            if (message is not null && !JsonNode.DeepEquals(text, JsonValue.Create(message)))
            {
                Fail($"{label}: \"{text}\", expected \"{message}\"");
            }

            foreach (var (name, value) in ErrorAnswers.Headers(status))
            {
                var sent = answer.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
                if (sent != value)
                {
                    Fail($"{label}: {name} {sent ?? "absent"}, expected {value}");
                }
            }
        }

        /// <summary>An event stream: one <c>data:</c> event per spec example, each valid against the stream's schema, then <c>data: [DONE]</c>.</summary>
        public void ExpectEvents(string label, StubAnswer answer, SpecOperation operation, int status, SpecMediaType events)
        {
            if (ExpectAnswer(label, answer, operation, status, EventStream) is not null || answer.Status != status || answer.MediaType != EventStream)
            {
                return;
            }

            var data = answer.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e["data: ".Length..] : $"<not a data event: {e}>")
                .ToList();
            if (data.Count == 0 || data[^1] != "[DONE]")
            {
                Fail($"{label}: the stream does not end with data: [DONE] ({Excerpt(answer.Body)})");
                return;
            }

            var expected = events.Examples.Values.ToList();
            var chunks = data[..^1];
            if (chunks.Count != expected.Count)
            {
                Fail($"{label}: {chunks.Count} events before [DONE], the spec has {expected.Count} examples");
                return;
            }

            for (var i = 0; i < chunks.Count; i++)
            {
                if (!JsonNode.DeepEquals(JsonNode.Parse(chunks[i]), expected[i]))
                {
                    Fail($"{label}: event {i} {Excerpt(chunks[i])} is not the spec's example");
                }

                Fail(SchemaValidator.Validate(chunks[i], events.Schema!).Select(v => $"{label} event {i}: {v}"));
            }
        }

        private static string Excerpt(string? text) => text is null ? "null" : text.Length <= 160 ? text : text[..160] + "…";
    }
}
