using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Auth;
using Rostro.MockServer.Errors;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Responses;
using Rostro.Spec.Routing;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.MockServer.Validation;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Pipeline;

/// <summary>Answers every spec route: route → body limit → overrides → credentials → <c>Prefer: code</c> → validation → delay → handler or example.</summary>
/// <remarks>Each step that refuses the request answers its documented envelope and stops; nothing is changed by a refused request.</remarks>
public sealed class OperationPipeline
{
    private const string MultipartFormData = "multipart/form-data";
    private const string ApplicationJson = "application/json";

    private readonly RouteTable _routes;
    private readonly DocumentedAnswers _examples;
    private readonly ResponseWriter _writer;
    private readonly WorldStore _worlds;
    private readonly MockSettingsStore _settings;
    private readonly RequestJournal _journal;
    private readonly ServerHealth _health;
    private readonly Stubs.UserStubs _stubs;
    private readonly ILogger<OperationPipeline> _logger;
    private readonly Dictionary<string, IOperationHandler> _handlers = new(StringComparer.Ordinal);
    private long _toolCalls;
    private readonly string _missingCredentials;

    /// <summary>Builds the pipeline; fails when two handlers claim one operation or a handler names an operation the spec lacks.</summary>
    public OperationPipeline(
        RostroSpec spec,
        RouteTable routes,
        DocumentedAnswers examples,
        ResponseWriter writer,
        WorldStore worlds,
        MockSettingsStore settings,
        RequestJournal journal,
        ServerHealth health,
        Stubs.UserStubs stubs,
        IEnumerable<IOperationHandler> handlers,
        ILogger<OperationPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(handlers);
        _missingCredentials = ErrorAnswers.MissingCredentialsMessage(spec.CredentialHeaders);
        _routes = routes;
        _examples = examples;
        _writer = writer;
        _worlds = worlds;
        _settings = settings;
        _journal = journal;
        _health = health;
        _stubs = stubs;
        _logger = logger;
        var known = spec.Operations.Select(o => o.OperationId).ToHashSet(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            foreach (var operationId in handler.OperationIds)
            {
                if (!known.Contains(operationId))
                {
                    throw new InvalidOperationException($"{handler.GetType().Name} answers '{operationId}', which the spec does not have.");
                }

                if (!_handlers.TryAdd(operationId, handler))
                {
                    throw new InvalidOperationException($"Both {_handlers[operationId].GetType().Name} and {handler.GetType().Name} answer '{operationId}'.");
                }
            }
        }
    }

    /// <summary>The operations some handler answers (the rest are answered from their examples).</summary>
    public IReadOnlyCollection<string> HandledOperations => _handlers.Keys;

    /// <summary>Answers one request; never lets an exception escape as anything but the documented 500 envelope.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var started = Stopwatch.GetTimestamp();
        var trace = new Trace();
        try
        {
            await AnswerAsync(http, trace);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client left; there is nobody to answer.
        }
        catch (Exception e)
        {
            _health.RecordUnhandled();
            _logger.LogError(e, "Unhandled exception answering {Method} {Path} ({OperationId})", http.Request.Method, http.Request.Path.Value, trace.OperationId);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                await _writer.WriteErrorAsync(http, trace.Operation, StatusCodes.Status500InternalServerError, "The mock failed to answer; see its log.");
            }
        }
        finally
        {
            _journal.Record(http, trace.OperationId, trace.WorldId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, trace.Stub);
        }
    }

    private async Task AnswerAsync(HttpContext http, Trace trace)
    {
        var request = http.Request;
        var match = _routes.Match(request.Method, request.Path.Value ?? "/");

        // Your own stubs come first, for any path (one read of a volatile field while none is loaded; while some are, only a
        // request that a stub's method and path can match is sent to them).
        if (_stubs.Active && _stubs.MayMatch(request) && await AnswerFromStubAsync(http, match, trace))
        {
            return;
        }

        if (match.Outcome == RouteOutcome.NotFound)
        {
            await _writer.WriteErrorAsync(http, null, StatusCodes.Status404NotFound, $"No route {request.Method} {request.Path.Value}. The API is described at /docs.", ErrorCodes.RouteNotFound);
            return;
        }

        if (match.Outcome == RouteOutcome.MethodNotAllowed)
        {
            var allow = string.Join(", ", match.Allow);
            http.Response.Headers.Allow = allow;
            await _writer.WriteErrorAsync(http, null, StatusCodes.Status405MethodNotAllowed, $"{request.Path.Value} does not answer {request.Method}; it answers {allow}.", ErrorCodes.MethodNotAllowed);
            return;
        }

        var operation = match.Operation!;
        trace.Operation = operation;
        trace.OperationId = operation.OperationId;
        var settings = _settings.Current;

        var overrides = RequestOverrides.Parse(request.Headers, out var overrideError);
        if (overrides is null)
        {
            await _writer.WriteErrorAsync(http, null, StatusCodes.Status400BadRequest, overrideError!, ErrorCodes.BadMockOverride);
            return;
        }

        if (overrides.HasMockHeaders)
        {
            var effective = ApplyHeaderSettings(settings, request.Headers, out var settingsError);
            if (effective is null)
            {
                await _writer.WriteErrorAsync(http, null, StatusCodes.Status400BadRequest, settingsError!, ErrorCodes.BadMockOverride);
                return;
            }

            settings = effective;
        }

        // Every answer of the operation waits, errors included, as a slow real API's would (the mock's own 400 for a bad header does not).
        await DelayAsync(settings.DelayMs, http.RequestAborted);

        // The limit is taken after the X-Mock-* headers, so X-Mock-Max-Body-Bytes applies to the request that carries it.
        var takesMultipart = operation.RequestBody?.Content.ContainsKey(MultipartFormData) == true;
        var limit = takesMultipart ? settings.MaxMultipartBodyBytes : settings.MaxBodyBytes;
        if (request.ContentLength > limit && operation.RequestBody is not null)
        {
            await TooLargeAsync(http, operation, limit);
            return;
        }

        var world = await ResolveWorldAsync(http, operation);
        if (world is null)
        {
            return;
        }

        trace.WorldId = world.Id;

        if (overrides.Code is { } forced)
        {
            await AnswerPreferredAsync(http, operation, forced, overrides.Example);
            return;
        }

        var context = await ReadAndValidateAsync(http, operation, match.PathValues, world, settings, overrides, takesMultipart, limit);
        if (context is null)
        {
            return;
        }

        if (overrides.Example is { } exampleName)
        {
            await AnswerPreferredAsync(http, operation, null, exampleName);
            return;
        }

        // The error-rate fault reaches MCP tool calls here, after the request was found valid and before it changes anything.
        if (http.Items.ContainsKey(RequestJournal.ToolItem) && ErrorRateFault.Hits(settings, Interlocked.Increment(ref _toolCalls), "mcp-fault"))
        {
            var (status, message, code) = ErrorRateFault.Answer(settings, "The operation");
            await _writer.WriteErrorAsync(http, operation, status, message, code);
            return;
        }

        if (_handlers.TryGetValue(operation.OperationId, out var handler))
        {
            await handler.HandleAsync(context);
        }
        else
        {
            await _writer.WriteExampleAsync(http, operation, SuccessStatus(operation), null);
        }
    }

    // The body is read once and put back for the pipeline, which applies the operation's own limit. A body over the larger
    // body limit is matched against no stub: what was read of it is put back in front of the rest, and the request is
    // answered as it would be with no stub loaded (413, or ignored by an operation that takes no body, or 404).
    private async Task<bool> AnswerFromStubAsync(HttpContext http, RouteMatch match, Trace trace)
    {
        var request = http.Request;
        byte[]? body = null;
        if (HasBody(request))
        {
            var settings = _settings.Current;
            var limit = Math.Max(settings.MaxBodyBytes, settings.MaxMultipartBodyBytes);
            if (request.ContentLength > limit)
            {
                return false;
            }

            var read = await RequestBodies.ReadAllAsync(request, limit, http.RequestAborted, keepWhenTooLarge: true);
            if (read.Refusal is { Status: StatusCodes.Status413PayloadTooLarge } && read.Value is { } head)
            {
                request.Body = new ReplayedBody(head, request.Body);
                return false;
            }

            if (read.Refusal is { } refusal)
            {
                await RefuseAsync(http, match.Operation, refusal);
                return true;
            }

            body = read.Value!;
            request.Body = new MemoryStream(body, writable: false);
        }

        trace.Stub = await _stubs.TryAnswerAsync(http, body);
        if (trace.Stub is null)
        {
            if (body is not null)
            {
                request.Body.Position = 0;
            }

            return false;
        }

        trace.OperationId = match.Operation?.OperationId;
        return true;
    }

    /// <summary>Where the user a shared credential names goes, between resolving the world and building the context.</summary>
    private const string CallerItem = "rostro.caller";

    private async Task<World?> ResolveWorldAsync(HttpContext http, SpecOperation operation)
    {
        var credential = Credential.Read(http.Request.Headers);
        if (operation.IsPublic)
        {
            if (credential.Status == CredentialStatus.Valid && _worlds.Enter(credential.Token!) is { World.Deleted: false, Full: null } entered)
            {
                http.Items[CallerItem] = entered.Caller;
                return entered.World;
            }

            return _worlds.Anonymous;
        }

        switch (credential.Status)
        {
            case CredentialStatus.Missing:
                await UnauthorizedAsync(http, operation, _missingCredentials, ErrorCodes.MissingCredentials);
                return null;
            case CredentialStatus.Invalid:
                await UnauthorizedAsync(http, operation, $"Invalid credentials: {credential.Problem}", ErrorCodes.InvalidCredentials);
                return null;
        }

        var (world, caller, full) = _worlds.Enter(credential.Token!);
        http.Items[CallerItem] = caller;
        if (full is not null)
        {
            await _writer.WriteErrorAsync(http, operation, StatusCodes.Status403Forbidden, $"The shared world cannot take another user: it holds at most {full.Cap} {full.Collection ?? "bytes of text"}; POST /__admin/reset.", ErrorCodes.CollectionFull);
            return null;
        }

        if (world.Deleted)
        {
            await UnauthorizedAsync(http, operation, "This account was deleted (DELETE /api/account); POST /__admin/reset brings it back.", ErrorCodes.InvalidCredentials);
            return null;
        }

        return world;
    }

    private Task UnauthorizedAsync(HttpContext http, SpecOperation operation, string message, int code) =>
        _writer.WriteErrorAsync(http, operation, StatusCodes.Status401Unauthorized, message, code);

    // Prefer: code and/or example, decided by the spec's conventions (PreferDecision, shared with the WireMock stubs).
    private Task AnswerPreferredAsync(HttpContext http, SpecOperation operation, int? code, string? exampleName)
    {
        var answer = PreferDecision.Decide(_examples, operation.OperationId, code, exampleName);
        return answer.Kind switch
        {
            PreferredKind.Refused => _writer.WriteErrorAsync(http, null, StatusCodes.Status400BadRequest, answer.Refusal!, ErrorCodes.BadMockOverride),
            PreferredKind.Envelope => _writer.WriteErrorAsync(http, operation, answer.Status, ErrorAnswers.ForcedMessage(answer.Status, ReasonPhrases.GetReasonPhrase(answer.Status)), ErrorCodes.ForStatus(answer.Status)),
            _ => _writer.WriteExampleAsync(http, operation, answer.Status, answer.Example),
        };
    }

    private async Task<OperationContext?> ReadAndValidateAsync(
        HttpContext http,
        SpecOperation operation,
        IReadOnlyDictionary<string, string> pathValues,
        World world,
        MockSettings settings,
        RequestOverrides overrides,
        bool takesMultipart,
        long limit)
    {
        var request = http.Request;
        JsonNode? body = null;
        string? bodyText = null;
        IFormCollection? form = null;
        var details = new List<ValidationDetail>();

        if (takesMultipart)
        {
            if (request.HasFormContentType && request.ContentType?.StartsWith(MultipartFormData, StringComparison.OrdinalIgnoreCase) == true)
            {
                var read = await RequestBodies.ReadFormAsync(request, limit, http.RequestAborted);
                if (read.Refusal is { } refusal)
                {
                    await RefuseAsync(http, operation, refusal);
                    return null;
                }

                form = read.Value;
            }

            details.AddRange(MultipartParts(operation, form));
        }
        else if (HasBody(request) && !(operation.RequestBody is null && request.ContentLength > limit))
        {
            // An operation that takes no body ignores one that is too large (as a server that never reads it would);
            // one within the limit is read for the GET-with-JSON-body fallback below.
            var read = await RequestBodies.ReadAllAsync(request, limit, http.RequestAborted);
            if (read.Refusal is { } refusal)
            {
                if (operation.RequestBody is not null || refusal.Status != StatusCodes.Status413PayloadTooLarge)
                {
                    await RefuseAsync(http, operation, refusal);
                    return null;
                }
            }

            bodyText = read.Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
            if (!string.IsNullOrWhiteSpace(bodyText))
            {
                try
                {
                    body = JsonNode.Parse(bodyText, documentOptions: MockJson.StrictDocument);
                }
                catch (JsonException e) when (operation.RequestBody is not null)
                {
                    await _writer.WriteErrorAsync(http, operation, StatusCodes.Status400BadRequest, MalformedMessage(e), ErrorCodes.MalformedJson);
                    return null;
                }
                catch (JsonException)
                {
                    // The operation takes no body: whatever was sent is ignored, as a server that never reads it would.
                    bodyText = null;
                }
            }
            else
            {
                bodyText = null;
            }
        }

        // The documentation's GET-with-JSON-body (GET /lore/items): for an operation that takes no body, a JSON object stands in for missing query parameters.
        var fallback = operation.RequestBody is null ? body as JsonObject : null;
        details.InsertRange(0, RequestValidator.ValidateParameters(operation, pathValues, request.Query, fallback, out var queryValues));

        if (operation.RequestBody is { } requestBody && !takesMultipart)
        {
            if (bodyText is null)
            {
                if (requestBody.Required)
                {
                    details.Add(new ValidationDetail(["body"], "Field required", "missing"));
                }
            }
            else if (requestBody.Content.GetValueOrDefault(ApplicationJson)?.Schema is { } schema)
            {
                details.AddRange(RequestValidator.ValidateBody(schema, body));
            }
        }

        if (details.Count > 0)
        {
            await _writer.WriteValidationErrorAsync(http, operation, details);
            return null;
        }

        var decoded = pathValues;
        return new OperationContext(http, operation, operation.RequestBody is null ? null : body, decoded, queryValues, world, settings, overrides, _writer)
        {
            Form = form,
            Worlds = _worlds,
            Caller = http.Items.TryGetValue(CallerItem, out var caller) ? caller as string : null,
        };
    }

    // Required parts of a multipart schema must be present.
    private static IEnumerable<ValidationDetail> MultipartParts(SpecOperation operation, IFormCollection? form)
    {
        var schema = operation.RequestBody!.Content[MultipartFormData].Schema?.Definition;
        if (schema is null)
        {
            yield break;
        }

        foreach (var name in schema.Required ?? new HashSet<string>())
        {
            // A binary part may come as a file or, as curl -F "file=text" sends it, as a plain field ("the file or text content").
            var isFile = schema.Properties?.TryGetValue(name, out var property) == true && property.Format == "binary";
            var present = form is not null && (form.ContainsKey(name) || (isFile && form.Files.GetFile(name) is not null));
            if (!present)
            {
                yield return new ValidationDetail(["body", name], isFile ? "Field required (a file part)" : "Field required", "missing");
            }
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.ContainsKey(HeaderNames.TransferEncoding));

    private Task TooLargeAsync(HttpContext http, SpecOperation operation, long limit) =>
        _writer.WriteErrorAsync(http, operation, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes (settings maxBodyBytes / maxMultipartBodyBytes, header X-Mock-Max-Body-Bytes / X-Mock-Max-Multipart-Body-Bytes).", ErrorCodes.BodyTooLarge);

    // A body that could not be read. Written as the operation's answer where the operation documents that status (400 and
    // 413 where it takes a body); otherwise (408, or a broken body sent to an operation that takes none) as the server's.
    private Task RefuseAsync(HttpContext http, SpecOperation? operation, BodyRefusal refusal)
    {
        if (refusal.ClientLeft)
        {
            // Nobody is listening: no answer, and nothing to log.
            http.Abort();
            return Task.CompletedTask;
        }

        var documented = operation?.RequestBody is not null && _examples.Find(operation.OperationId, refusal.Status) is not null;
        return _writer.WriteErrorAsync(http, documented ? operation : null, refusal.Status, refusal.Message, refusal.Code);
    }

    private static MockSettings? ApplyHeaderSettings(MockSettings settings, IHeaderDictionary headers, out string? error)
    {
        error = null;
        var patch = new JsonObject();
        foreach (var (name, value) in headers)
        {
            if (MockSettingsJson.NameForHeader(name) is not { } setting)
            {
                continue;
            }

            var text = value.ToString().Trim();
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                node = JsonValue.Create(text);
            }

            patch[setting] = node;
        }

        if (patch.Count == 0)
        {
            return settings;
        }

        var applied = MockSettingsJson.Apply(settings, patch, "header", out var problems);
        if (applied is null)
        {
            error = string.Join("; ", problems.Select(p => $"{RequestOverrides.HeaderPrefix}{Kebab((string)p.Loc[^1])}: {p.Msg}"));
        }

        return applied;
    }

    private static string Kebab(string camel)
    {
        var builder = new StringBuilder(camel.Length + 4);
        for (var i = 0; i < camel.Length; i++)
        {
            builder.Append(i == 0 ? char.ToUpperInvariant(camel[i]) : camel[i]);
            if (i + 1 < camel.Length && char.IsUpper(camel[i + 1]))
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    private static string MalformedMessage(JsonException e)
    {
        var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
        return $"Malformed JSON body: {reason} (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).";
    }

    private static Task DelayAsync(int milliseconds, CancellationToken aborted) =>
        milliseconds > 0 ? Task.Delay(milliseconds, aborted) : Task.CompletedTask;

    private static int SuccessStatus(SpecOperation operation)
    {
        foreach (var code in operation.Responses.Keys)
        {
            if (code.Length == 3 && code[0] == '2' && int.TryParse(code, out var status))
            {
                return status;
            }
        }

        return StatusCodes.Status200OK;
    }

    private sealed class Trace
    {
        public SpecOperation? Operation { get; set; }

        public string? OperationId { get; set; }

        public string? WorldId { get; set; }

        public Stubs.StubMatch? Stub { get; set; }
    }
}
