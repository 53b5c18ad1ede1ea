using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Rostro.MockServer.Admin;
using Rostro.MockServer.Auth;
using Rostro.MockServer.Errors;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Pipeline;
using Rostro.MockServer.Responses;
using Rostro.Spec;
using Rostro.Spec.Mcp;

namespace Rostro.MockServer.Mcp;

/// <summary>The spec's MCP tools on the mock: <c>tools/list</c> pages them, <c>tools/call</c> sends the operation's request through <see cref="OperationPipeline"/>, the one path every REST request takes.</summary>
/// <remarks>
/// So a tool answers exactly what its operation answers for the same credential: the same worlds, validation, refusals,
/// <c>Prefer</c> and <c>X-Mock-*</c> overrides, delay, your own stubs and journal (each entry names the tool). A success is the
/// body (as <c>structuredContent</c> too when the tool has an output schema); any other answer is a result with
/// <c>isError</c> carrying the API's envelope; a 422 is a JSON-RPC invalid-params error naming each argument.
/// </remarks>
internal sealed class McpTools
{
    /// <summary>Tools per <c>tools/list</c> page.</summary>
    public const int PageSize = 20;

    /// <summary>The key of <c>_meta</c> that carries the HTTP status the operation answered.</summary>
    public const string StatusMeta = "dev.rostro/status";

    // The request headers a tool call carries on to its operation: the credential, and the mock's own overrides.
    private static readonly string[] s_carried = [.. Credential.Headers, "Prefer"];

    private readonly RostroSpec _spec;
    private readonly OperationPipeline _pipeline;
    private readonly ResponseWriter _writer;
    private readonly IHttpContextAccessor _http;
    private readonly List<Tool> _listed;

    /// <summary>Lists the spec's tools once.</summary>
    public McpTools(RostroSpec spec, OperationPipeline pipeline, ResponseWriter writer, IHttpContextAccessor http)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _pipeline = pipeline;
        _writer = writer;
        _http = http;
        _listed = spec.Tools.Select(Describe).ToList();
    }

    /// <summary>The tools as <c>tools/list</c> describes them.</summary>
    public IReadOnlyList<Tool> Listed => _listed;

    /// <summary><c>tools/list</c>: a page of <see cref="PageSize"/> tools; <c>nextCursor</c> names the next.</summary>
    public ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var offset = 0;
        if (request.Params?.Cursor is { } cursor && !TryReadCursor(cursor, out offset))
        {
            throw new McpProtocolException($"Invalid cursor '{cursor}': pass the nextCursor of the previous page, or none for the first.", McpErrorCode.InvalidParams);
        }

        var page = _listed.Skip(offset).Take(PageSize).ToList();
        var next = offset + page.Count;
        return ValueTask.FromResult(new ListToolsResult { Tools = page, NextCursor = next < _listed.Count ? WriteCursor(next) : null });
    }

    /// <summary><c>tools/call</c>: the operation's request, answered by the pipeline.</summary>
    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Params?.Name ?? throw new McpProtocolException("tools/call names no tool.", McpErrorCode.InvalidParams);
        var tool = _spec.Tool(name) ?? throw new McpProtocolException($"Unknown tool: {name}. tools/list names the {_listed.Count} tools.", McpErrorCode.InvalidParams);
        var arguments = new JsonObject();
        foreach (var (key, value) in request.Params.Arguments ?? new Dictionary<string, JsonElement>())
        {
            arguments[key] = value.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(value),
                JsonValueKind.Array => JsonArray.Create(value),
                JsonValueKind.Null => null,
                _ => JsonValue.Create(value),
            };
        }

        var built = tool.Request(arguments);
        if (built.Problems.Count > 0)
        {
            throw InvalidArguments(tool, built.Problems.Select(p => (p.Loc, p.Msg, p.Type)));
        }

        // The request limits first (a tool's arguments can make a path and query too long), then the pipeline, which
        // answers any exception of its own as the documented 500 (logged, counted).
        var http = Inner(built, tool, _http.HttpContext, cancellationToken);
        await RequestLimits.EnforceAsync(http, _pipeline.InvokeAsync, _writer);

        // What a server does when the pipeline returns: what the answer wrote without a flush reaches the body.
        await http.Response.BodyWriter.FlushAsync(cancellationToken);

        // The pipeline stays silent for a caller that left; the call is cancelled, not answered.
        cancellationToken.ThrowIfCancellationRequested();
        var status = http.Response.StatusCode;
        var body = ((MemoryStream)http.Response.Body).ToArray();
        if (http.Items[ResponseWriter.ValidationItem] is IReadOnlyList<ValidationDetail> details)
        {
            throw InvalidArguments(tool, details.Select(d => (tool.ArgumentLoc(d.Loc), d.Msg, d.Type)));
        }

        return Result(tool, status, body, http.Response.Headers);
    }

    private static CallToolResult Result(SpecTool tool, int status, byte[] body, IHeaderDictionary headers)
    {
        var text = body.Length == 0 ? $"{status} {ReasonPhrases.GetReasonPhrase(status)}" : Encoding.UTF8.GetString(body);
        var meta = new JsonObject { [StatusMeta] = status };
        if (headers.RetryAfter is { Count: > 0 } retryAfter)
        {
            meta["dev.rostro/retryAfter"] = retryAfter.ToString();
        }

        var result = new CallToolResult { Content = [new TextContentBlock { Text = text }], Meta = meta };
        if (status is < 200 or > 299)
        {
            result.IsError = true;
        }
        else if (tool.OutputSchema is not null && StructuredContent(body) is { } structured)
        {
            result.StructuredContent = structured;
        }

        return result;
    }

    private static Tool Describe(SpecTool tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = JsonSerializer.SerializeToElement(tool.InputSchema, MockJson.Options),
        OutputSchema = tool.OutputSchema is null ? null : JsonSerializer.SerializeToElement(tool.OutputSchema, MockJson.Options),
        Annotations = new ToolAnnotations
        {
            Title = tool.Title,
            ReadOnlyHint = tool.ReadOnly,
            DestructiveHint = tool.Destructive,
            IdempotentHint = tool.Idempotent,
            OpenWorldHint = false,
        },
    };

    // The operation's request as the pipeline reads one: the outer request's credential and overrides, the tool's path, query and body.
    private static DefaultHttpContext Inner(ToolRequest built, SpecTool tool, HttpContext? outer, CancellationToken cancellationToken)
    {
        var http = new DefaultHttpContext { RequestAborted = cancellationToken };
        if (outer is not null)
        {
            http.RequestServices = outer.RequestServices;
            foreach (var (header, value) in outer.Request.Headers)
            {
                if (s_carried.Contains(header, StringComparer.OrdinalIgnoreCase) || header.StartsWith(RequestOverrides.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    http.Request.Headers[header] = value;
                }
            }
        }

        var request = http.Request;
        request.Method = built.Method;
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = built.PathAndQuery;
        var split = built.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = PathString.FromUriComponent(split < 0 ? built.PathAndQuery : built.PathAndQuery[..split]);
        request.QueryString = split < 0 ? QueryString.Empty : new QueryString(built.PathAndQuery[split..]);
        foreach (var (header, value) in built.Headers)
        {
            request.Headers[header] = value;
        }

        if (built.Body is { } bytes)
        {
            request.ContentType = built.ContentType;
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes, writable: false);
        }

        http.Response.Body = new MemoryStream();
        http.Items[RequestJournal.ToolItem] = tool.Name;
        return http;
    }

    private static McpProtocolException InvalidArguments(SpecTool tool, IEnumerable<(IReadOnlyList<object> Loc, string Msg, string Type)> problems)
    {
        var list = problems.ToList();
        var detail = list.Select(p => new ValidationDetail(p.Loc, p.Msg, p.Type).ToWire()).ToList();
        var exception = new McpProtocolException(
            $"Invalid arguments for tool {tool.Name}: {string.Join("; ", list.Select(p => $"{string.Join('.', p.Loc)}: {p.Msg}"))}.",
            McpErrorCode.InvalidParams);
        exception.Data["detail"] = JsonSerializer.SerializeToElement(detail, Rostro.Client.RostroJson.ServerOptions);
        return exception;
    }

    // The body as structuredContent when it is a JSON object; a stub of your own may answer anything, which then travels as text only.
    private static JsonElement? StructuredContent(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? JsonSerializer.Deserialize<JsonElement>(body) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string WriteCursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset}"));

    private static bool TryReadCursor(string cursor, out int offset)
    {
        offset = 0;
        Span<byte> bytes = stackalloc byte[64];
        return cursor.Length <= 64
            && Convert.TryFromBase64String(cursor, bytes, out var written)
            && Encoding.UTF8.GetString(bytes[..written]) is var text
            && text.StartsWith("offset:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset)
            && offset > 0;
    }
}
