using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Rostro.MockServer.Errors;
using Rostro.Spec;

namespace Rostro.MockServer.Responses;

/// <summary>Writes every JSON answer of the mock: serializes, optionally audits against the spec, sets length and type.</summary>
public sealed class ResponseWriter
{
    private const string JsonContentType = "application/json";
    private readonly ExampleCatalog _examples;
    private readonly ResponseAudit _audit;

    internal ResponseWriter(ExampleCatalog examples, ResponseAudit audit)
    {
        _examples = examples;
        _audit = audit;
    }

    /// <summary>Serializes and writes a body for an operation (null operation: a route-level answer such as 404/405).</summary>
    public Task WriteJsonAsync(HttpContext http, SpecOperation? operation, int status, object? body)
    {
        var bytes = body switch
        {
            byte[] raw => raw,
            _ => JsonSerializer.SerializeToUtf8Bytes(body, body?.GetType() ?? typeof(object), MockJson.Options),
        };
        return WriteBytesAsync(http, operation, status, bytes);
    }

    /// <summary>The <c>ErrorEnvelope</c> (or, for 500, the <c>InternalErrorEnvelope</c>).</summary>
    public Task WriteErrorAsync(HttpContext http, SpecOperation? operation, int status, string message, int code = MockErrorCodes.None) =>
        status == StatusCodes.Status500InternalServerError
            ? WriteJsonAsync(http, operation, status, new InternalErrorEnvelope("UNKNOWN", message, "internal_error", code == 0 ? string.Empty : code.ToString(System.Globalization.CultureInfo.InvariantCulture), 500, null))
            : WriteJsonAsync(http, operation, status, new ErrorEnvelope(message, status, code));

    /// <summary>A 422 <c>ValidationErrorResponse</c>.</summary>
    public Task WriteValidationErrorAsync(HttpContext http, SpecOperation? operation, IEnumerable<ValidationDetail> detail) =>
        WriteJsonAsync(http, operation, StatusCodes.Status422UnprocessableEntity, new ValidationErrorResponse(detail.ToList()));

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
            http.Response.Headers[HeaderNames.RetryAfter] = "1";
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
        if (_audit.Enabled && operation is not null)
        {
            Audit(operation, status, bytes);
        }

        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length, http.RequestAborted);
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
