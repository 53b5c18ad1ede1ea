using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Responses;
using Rostro.Spec.Routing;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Pipeline;

/// <summary>Answers every spec route: route → body limit → overrides → credentials → <c>Prefer: code</c> → validation → delay → handler or example.</summary>
/// <remarks>Each step that refuses the request answers its documented envelope and stops; nothing is changed by a refused request.
/// The steps by concern: this file (the order, <c>Prefer</c>, the handler), <c>.Stubs</c> (your own stubs), <c>.Callers</c>
/// (credentials and worlds), <c>.Requests</c> (body limits, parsing, validation); the <c>X-Mock-*</c> headers are Settings/HeaderSettings.</remarks>
internal sealed partial class OperationPipeline
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
            var effective = HeaderSettings.Apply(settings, request.Headers, out var settingsError);
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
            await _writer.WriteExampleAsync(http, operation, _examples.SuccessStatuses(operation.OperationId).DefaultIfEmpty(StatusCodes.Status200OK).First(), null);
        }
    }

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

    private static Task DelayAsync(int milliseconds, CancellationToken aborted) =>
        milliseconds > 0 ? Task.Delay(milliseconds, aborted) : Task.CompletedTask;

    private sealed class Trace
    {
        public SpecOperation? Operation { get; set; }

        public string? OperationId { get; set; }

        public string? WorldId { get; set; }

        public Stubs.StubMatch? Stub { get; set; }
    }
}
