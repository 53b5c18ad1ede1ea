using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Rostro.MockServer.State;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec;

namespace Rostro.MockServer.Tests.Pipeline;

/// <summary>Requests generated from the spec for every operation, broken in every way a client can break one: no 5xx without
/// <c>Prefer</c>, every error one the operation documents with its documented envelope, and a refused request changes nothing.</summary>
public sealed class FuzzTests
{
    /// <summary>Requests per operation in CI (a few seconds in all); <c>bench/fuzz/run.sh</c> sets ROSTRO_FUZZ_ITERATIONS for a longer run.</summary>
    private static readonly int s_perOperation = int.TryParse(Environment.GetEnvironmentVariable("ROSTRO_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 12;

    private static readonly string[] s_oddTexts = ["", "-1", "0", "9223372036854775808", "-9223372036854775809", "1e400", "1.5", "true", "null", "%00", "%FF", "ü🐉", "../../etc/passwd", "a,b", "%2F", new string('x', 3000)];

    // Values a JSON field may be given in place of its own: wrong types, huge and out-of-range numbers, deep nesting.
    private static readonly string[] s_oddValues = ["null", "true", "\"\"", "[]", "{}", "0", "-1", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "1e400", "-1e400", "1e-400", "0.5", "123456789012345678901234567890", "\"ü🐉\"", "[1,\"x\",null]", "{\"extra\":1}"];

    private static readonly Gen<string> s_oddJson = Gen.OneOf(
        Gen.Int[0, s_oddValues.Length - 1].Select(i => s_oddValues[i]),
        Gen.Int[1, 70].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.String[0, 50].Select(s => JsonValue.Create(s).ToJsonString()));

    private sealed record Attempt(int Operation, int Kind, int Field, string Value, string Text, int Seed);

    [Fact]
    public async Task Generated_requests_for_every_operation_never_get_an_unasked_5xx_answer_only_documented_errors_and_change_nothing_when_refused()
    {
        var spec = await RostroSpec.LoadEmbeddedAsync();
        await using var mock = await RostroMock.StartAsync(new MockServerOptions { AuditResponses = true, Settings = new Rostro.MockServer.Settings.MockSettings { TtftMs = 0, InterTokenMs = 0 } });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var operations = spec.Operations.Where(o => o.OperationId != "deleteAccount").ToList();
        var counts = new SortedDictionary<int, int>();
        var problems = new List<string>();

        var attempts = Gen.Select(Gen.Int[0, operations.Count - 1], Gen.Int[0, 6], Gen.Int[0, 20], s_oddJson, Gen.Int[0, s_oddTexts.Length - 1], Gen.Int)
            .Select((op, kind, field, value, text, seed) => new Attempt(op, kind, field, value, s_oddTexts[text], seed));

        await attempts.SampleAsync(async attempt =>
        {
            var operation = operations[attempt.Operation];
            var token = $"fuzz-{attempt.Operation}";
            var world = mock.Worlds.For(token);
            var before = Snapshot(world);
            using var request = await BreakAsync(SpecRequests.Build(operation, token), operation, attempt);
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            lock (counts)
            {
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }

            var problem = Check(operation, status, text, before, Snapshot(mock.Worlds.For(token)), attempt);
            if (problem is not null)
            {
                lock (problems)
                {
                    problems.Add(problem);
                }
            }
        }, iter: s_perOperation * operations.Count, threads: 1);

        // Counts by status for the bench script (and the curious).
        Console.WriteLine($"fuzz: {counts.Values.Sum()} requests; " + string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")));
        problems.Should().BeEmpty();
        counts.Keys.Should().NotContain(k => k >= 500);
        mock.Audit.Violations.Should().BeEmpty();
        mock.Health.UnhandledExceptions.Should().Be(0);
    }

    private static string? Check(SpecOperation operation, int status, string text, string before, string after, Attempt attempt)
    {
        var at = $"{operation} {attempt}";
        if (status >= 500)
        {
            return $"{at}: {status} {text}";
        }

        if (status < 400)
        {
            return null;
        }

        if (text.Length == 0)
        {
            // Kestrel's own answer to a request it cannot hand on (a %00 in the target): the README lists these.
            return status == 400 ? null : $"{at}: {status} with an empty body";
        }

        if (!operation.Responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var documented) || !documented.TryGetValue("application/json", out var json) || json.Schema is null)
        {
            // Server-level answers (a request target over 8 KiB) belong to no operation; everything else must be documented.
            return status is 414 or 431 ? null : $"{at}: {status} is not documented: {text}";
        }

        var violations = SchemaValidator.Validate(text, json.Schema);
        if (violations.Count > 0)
        {
            return $"{at}: {status} body off its envelope ({string.Join("; ", violations)}): {text}";
        }

        return before == after ? null : $"{at}: refused with {status}, yet the world changed";
    }

    // One of seven ways to break the operation's valid example request.
    private static async Task<HttpRequestMessage> BreakAsync(HttpRequestMessage request, SpecOperation operation, Attempt attempt)
    {
        var body = request.Content is StringContent ? JsonNode.Parse(await request.Content.ReadAsStringAsync()) : null;
        var parameters = operation.Parameters.Where(p => p.Location is "path" or "query").ToList();
        switch (attempt.Kind)
        {
            case 0 when body is JsonObject fields && fields.Count > 0:
                var name = fields.ElementAt(attempt.Field % fields.Count).Key;
                fields[name] = Parse(attempt.Value);
                break;
            case 1 when body is JsonObject fields && fields.Count > 0:
                fields.Remove(fields.ElementAt(attempt.Field % fields.Count).Key);
                break;
            case 2 when body is JsonObject fields:
                fields[$"extra{attempt.Field}"] = Parse(attempt.Value);
                break;
            case 3 when body is not null:
                request.Content = new StringContent(attempt.Value, Encoding.UTF8, "application/json");
                return request;
            case 4 when parameters.Count > 0:
                request.RequestUri = new Uri(Substitute(request.RequestUri!.OriginalString, operation, parameters[attempt.Field % parameters.Count], attempt.Text), UriKind.Relative);
                break;
            case 5 when request.Content is not null:
                // Not UTF-8: the example with bytes no UTF-8 text can hold.
                var bytes = Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "{}").ToList();
                bytes.InsertRange(Math.Min(attempt.Field, bytes.Count), [0xFF, 0xC3, 0x28]);
                request.Content = new ByteArrayContent([.. bytes]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                return request;
            case 6 when request.Content is not null:
                request.Content = new StringContent(attempt.Value[..(attempt.Value.Length / 2)], Encoding.UTF8, "application/json");
                return request;
        }

        if (request.Content is StringContent)
        {
            request.Content = new StringContent(body?.ToJsonString(s_deep) ?? "null", Encoding.UTF8, "application/json");
        }

        return request;
    }

    // Values nest up to 70 deep (the mock refuses more than 64); the test's own reading and writing must not refuse them first.
    private static readonly System.Text.Json.JsonSerializerOptions s_deep = new() { MaxDepth = 256 };

    private static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 });

    private static string Substitute(string target, SpecOperation operation, SpecParameter parameter, string text)
    {
        var escaped = text.StartsWith('%') ? text : Uri.EscapeDataString(text);
        if (parameter.Location == "query")
        {
            return target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"{parameter.Name}={escaped}";
        }

        var parts = target.Split('?', 2);
        var segments = parts[0].Split('/');
        var index = Array.IndexOf(operation.PathTemplate.TrimStart('/').Split('/'), $"{{{parameter.Name}}}");
        segments[index] = escaped.Length == 0 ? "%20" : escaped;
        return string.Join('/', segments) + (parts.Length > 1 ? "?" + parts[1] : string.Empty);
    }

    // Everything the world holds, in order: its collections (nested ones too) item by item, and its scalars.
    private static string Snapshot(World world) => world.Snapshot();
}
