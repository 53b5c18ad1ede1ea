using System.Text.Json.Nodes;
using Rostro.MockServer.Errors;
using Rostro.MockServer.Responses;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.Spec;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Operations;

/// <summary>One request, routed, authenticated and validated, handed to an <see cref="IOperationHandler"/>.</summary>
/// <remarks>Built by the pipeline only after the request passed routing, the body-size limit, authentication, <c>Prefer: code</c> and schema validation.</remarks>
internal sealed class OperationContext
{
    private readonly ResponseWriter _writer;

    internal OperationContext(
        HttpContext http,
        SpecOperation operation,
        JsonNode? body,
        IReadOnlyDictionary<string, string> pathValues,
        IReadOnlyDictionary<string, JsonNode?> queryValues,
        World world,
        MockSettings settings,
        RequestOverrides overrides,
        ResponseWriter writer)
    {
        Http = http;
        Operation = operation;
        Body = body;
        PathValues = pathValues;
        QueryValues = queryValues;
        World = world;
        Settings = settings;
        Overrides = overrides;
        _writer = writer;
    }

    /// <summary>The ASP.NET Core request and response.</summary>
    public HttpContext Http { get; }

    /// <summary>The spec operation being answered.</summary>
    public SpecOperation Operation { get; }

    /// <summary>The parsed JSON body, already valid against the operation's schema; null when none was sent (or the body is multipart: read <see cref="Form"/>).</summary>
    public JsonNode? Body { get; }

    /// <summary>Path parameters by spec name (<c>project_id</c> → <c>172700</c>), unescaped, already valid against their schemas.</summary>
    public IReadOnlyDictionary<string, string> PathValues { get; }

    /// <summary>Query parameters by spec name, typed by their schemas (integers, booleans, arrays), with schema defaults filled in.</summary>
    public IReadOnlyDictionary<string, JsonNode?> QueryValues { get; }

    /// <summary>The caller's world (state) when the request arrived. Never null: a public operation called without credentials gets the shared anonymous world.</summary>
    /// <remarks>Read and change it through <see cref="World.Change{T}"/> only; should the world be reset or evicted meanwhile, <see cref="Worlds"/> gives the credential's current one.</remarks>
    public World World { get; }

    /// <summary>The store the world came from.</summary>
    internal WorldStore Worlds { get; init; } = null!;

    /// <summary>The user a shared credential names in <see cref="World"/> (null: the world's own caller, <c>You</c>).</summary>
    internal string? Caller { get; init; }

    /// <summary>The settings for this request: the admin snapshot taken when the request arrived, with its <c>X-Mock-*</c> headers applied.</summary>
    public MockSettings Settings { get; }

    /// <summary>The caller's <c>Prefer</c> and <c>X-Mock-*</c> requests.</summary>
    public RequestOverrides Overrides { get; }

    /// <summary>The parsed multipart form when the operation takes <c>multipart/form-data</c> (already read and size-checked), else null.</summary>
    public IFormCollection? Form { get; internal set; }

    /// <summary>Signalled when the client goes away (<see cref="HttpContext.RequestAborted"/>).</summary>
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Writes a JSON response (a <see cref="JsonNode"/> or any object System.Text.Json serializes with its attribute names).</summary>
    public Task WriteJsonAsync(int status, object? body) => _writer.WriteJsonAsync(Http, Operation, status, body);

    /// <summary>Writes the spec's <c>ErrorEnvelope</c> (or, for 500, the <c>InternalErrorEnvelope</c>) with this message.</summary>
    public Task WriteErrorAsync(int status, string message, int code = ErrorCodes.None) => _writer.WriteErrorAsync(Http, Operation, status, message, code);

    /// <summary>Writes a 422 <c>ValidationErrorResponse</c>.</summary>
    public Task WriteValidationErrorAsync(IEnumerable<ValidationDetail> detail) => _writer.WriteValidationErrorAsync(Http, Operation, detail);

    /// <summary>Writes the spec's example for a documented status (the one named by <c>Prefer: example</c> when it exists there, else the first).</summary>
    public Task WriteExampleAsync(int status = StatusCodes.Status200OK) => _writer.WriteExampleAsync(Http, Operation, status, Overrides.Example);
}
