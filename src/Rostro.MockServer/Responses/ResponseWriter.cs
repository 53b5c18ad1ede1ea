using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Rostro.Client;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Responses;

/// <summary>Writes every JSON answer of the mock: serializes, optionally audits against the spec, sets length and type.</summary>
internal sealed class ResponseWriter
{
    private const string JsonContentType = "application/json";
    private static readonly System.Reflection.Assembly s_wireModels = typeof(RostroJson).Assembly;
    private readonly DocumentedAnswers _examples;
    private readonly ResponseAudit _audit;
    private readonly RostroSpec _spec;

    internal ResponseWriter(DocumentedAnswers examples, ResponseAudit audit, RostroSpec spec)
    {
        _examples = examples;
        _audit = audit;
        _spec = spec;
    }

    /// <summary>Serializes and writes a body for an operation (null operation: a route-level answer such as 404/405).</summary>
    public Task WriteJsonAsync(HttpContext http, SpecOperation? operation, int status, object? body)
    {
        var bytes = body switch
        {
            byte[] raw => raw,
            null => JsonSerializer.SerializeToUtf8Bytes<object?>(null, MockJson.Options),

            // The spec's own types (Rostro.Wire, generated from it): written as the client writes them, unset fields left off.
            _ when body.GetType().Assembly == s_wireModels => JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), RostroJson.ServerOptions),
            _ => JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), MockJson.Options),
        };
        return WriteBytesAsync(http, operation, status, bytes);
    }

    /// <summary>The <c>ErrorEnvelope</c> (or, for 500, the <c>InternalErrorEnvelope</c>), with the headers its status carries.</summary>
    /// <remarks>Every error answer goes through here, real or forced by <c>Prefer: code</c>, so both carry the same headers: 401
    /// <c>WWW-Authenticate: Bearer</c>, 429 and 503 <c>Retry-After</c>.</remarks>
    public Task WriteErrorAsync(HttpContext http, SpecOperation? operation, int status, string message, int code = ErrorCodes.None)
    {
        ArgumentNullException.ThrowIfNull(http);
        foreach (var (name, value) in ErrorAnswers.Headers(status))
        {
            http.Response.Headers[name] = value;
        }

        return WriteJsonAsync(http, operation, status, ErrorAnswers.Envelope(status, message, code));
    }

    /// <summary>The <see cref="HttpContext.Items"/> key under which a 422 the mock's own validation wrote keeps its details (an example forced by <c>Prefer</c> has none): an MCP tool call names its arguments from them.</summary>
    public const string ValidationItem = "rostro.validation";

    /// <summary>A 422 <c>ValidationErrorResponse</c>.</summary>
    public Task WriteValidationErrorAsync(HttpContext http, SpecOperation? operation, IEnumerable<Errors.ValidationDetail> detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        var details = detail.ToList();
        http.Items[ValidationItem] = details;
        return WriteJsonAsync(http, operation, StatusCodes.Status422UnprocessableEntity, new ValidationErrorResponse
        {
            Detail = [.. details.Select(d => d.ToWire())],
        });
    }

    /// <summary>The spec's example of a documented status (<paramref name="exampleName"/> when that status has it, else its first).</summary>
    public Task WriteExampleAsync(HttpContext http, SpecOperation operation, int status, string? exampleName)
    {
        var documented = _examples.Find(operation.OperationId, status);
        if (documented is null)
        {
            return WriteErrorAsync(http, operation, StatusCodes.Status500InternalServerError, $"{operation.OperationId} documents no {status} answer.");
        }

        if (documented.DeclaresRetryAfter)
        {
            http.Response.Headers[HeaderNames.RetryAfter] = ErrorAnswers.RetryAfterSeconds;
        }

        var bytes = documented.Example(exampleName) ?? documented.Example(null);
        if (bytes is null)
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        return WriteBytesAsync(http, operation, status, bytes);
    }

    /// <summary>Writes ready UTF-8 JSON (cached bodies on the hot path).</summary>
    public Task WriteBytesAsync(HttpContext http, SpecOperation? operation, int status, byte[] bytes)
    {
        if (_audit.Enabled && _audit.Takes(bytes.Length))
        {
            if (operation is not null)
            {
                Audit(operation, status, bytes);
            }
            else if (status >= 400)
            {
                AuditRouteLevel(status, bytes);
            }
        }

        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = bytes.Length;

        // Written without a flush: Kestrel sends the body when the request's pipeline returns, after the journal has
        // recorded the request. Kestrel sends inline (MockServerApp), so a flushing write reached the client before its
        // journal entry was made, and a caller who checks GET /__admin/requests right after the answer could miss it.
        response.BodyWriter.Write(bytes);
        return Task.CompletedTask;
    }

    // An error that belongs to no operation (unknown route, wrong method, request limits, admin, a bad X-Mock-* header)
    // is still one of the spec's envelopes: the one its status uses everywhere.
    private void AuditRouteLevel(int status, byte[] bytes)
    {
        var envelope = status switch
        {
            StatusCodes.Status422UnprocessableEntity => "ValidationErrorResponse",
            StatusCodes.Status500InternalServerError => "InternalErrorEnvelope",
            _ => "ErrorEnvelope",
        };
        foreach (var violation in SchemaValidator.Validate(System.Text.Encoding.UTF8.GetString(bytes), _spec.Schema(envelope)))
        {
            _audit.Record($"(no operation) {status}: {violation}");
        }
    }

    private void Audit(SpecOperation operation, int status, byte[] bytes)
    {
        var documented = _examples.Find(operation.OperationId, status);
        if (documented?.Json?.Schema is not { } schema)
        {
            _audit.Record($"{operation.OperationId} {status}: status (or its JSON body) is not documented");
            return;
        }

        foreach (var violation in SchemaValidator.Validate(System.Text.Encoding.UTF8.GetString(bytes), schema))
        {
            _audit.Record($"{operation.OperationId} {status}: {violation}");
        }
    }
}
