using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Rostro.Spec.Mcp;

/// <summary>The HTTP request a tool call stands for, or why there is none.</summary>
/// <param name="Method">The operation's method.</param>
/// <param name="PathAndQuery">The path (parameters filled in, escaped) and query string, from the API's root: <c>/api/gallery?limit=5</c>.</param>
/// <param name="Headers">Header parameters.</param>
/// <param name="ContentType">The body's content type; null without a body.</param>
/// <param name="Body">The body's bytes; null without a body.</param>
/// <param name="Problems">What stops the call (an unknown argument, a missing path value, a value of the wrong kind), each at its argument; empty when the request stands.</param>
public sealed record ToolRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    byte[]? Body,
    IReadOnlyList<ToolProblem> Problems);

/// <summary>One problem of a tool call's arguments, in the shape of a 422 detail.</summary>
/// <param name="Loc">The argument (<c>["limit"]</c>).</param>
/// <param name="Msg">What is wrong, in a sentence.</param>
/// <param name="Type">The kind, in FastAPI's words: <c>missing</c>, <c>extra_forbidden</c>, <c>string_type</c>.</param>
public sealed record ToolProblem(IReadOnlyList<object> Loc, string Msg, string Type);

internal static class ToolRequests
{
    public static ToolRequest Build(SpecTool tool, JsonObject arguments)
    {
        var problems = new List<ToolProblem>();
        foreach (var (name, _) in arguments)
        {
            if (!tool.ArgumentsByName.ContainsKey(name))
            {
                problems.Add(new([name], $"Unknown argument; {tool.Name} takes {string.Join(", ", tool.Arguments.Select(a => a.Name).DefaultIfEmpty("none"))}", "extra_forbidden"));
            }
        }

        var path = new StringBuilder(tool.Operation.PathTemplate);
        var query = new StringBuilder();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        JsonObject? flattened = null;
        JsonNode? whole = null;
        List<(ToolArgument Argument, string Text)>? parts = null;
        foreach (var argument in tool.Arguments)
        {
            var given = arguments.TryGetPropertyValue(argument.Name, out var value) && value is not null;
            if (!given)
            {
                if (argument.Required && argument.In is "path")
                {
                    problems.Add(new([argument.Name], "Field required", "missing"));
                }

                // Anything else that is missing is the operation's to refuse (its 422, mapped back to the argument).
                continue;
            }

            switch (argument.In)
            {
                case "path":
                    if (Scalar(value!) is { } segment)
                    {
                        path.Replace($"{{{argument.Name}}}", Uri.EscapeDataString(segment));
                    }
                    else
                    {
                        problems.Add(new([argument.Name], "Input should be a string, a number or a boolean", "string_type"));
                    }

                    break;
                case "query":
                    foreach (var item in value is JsonArray many ? [.. many] : new List<JsonNode?> { value })
                    {
                        if (item is not null && Scalar(item) is { } text)
                        {
                            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(argument.Name)).Append('=').Append(Uri.EscapeDataString(text));
                        }
                        else
                        {
                            problems.Add(new([argument.Name], "Input should be a string, a number, a boolean or a list of them", "string_type"));
                            break;
                        }
                    }

                    break;
                case "header":
                    if (Scalar(value!) is { } header)
                    {
                        headers[argument.Name] = header;
                    }
                    else
                    {
                        problems.Add(new([argument.Name], "Input should be a string, a number or a boolean", "string_type"));
                    }

                    break;
                case "body" when tool.Body == ToolBody.Whole:
                    whole = value!.DeepClone();
                    break;
                case "body":
                    (flattened ??= [])[argument.Name] = value!.DeepClone();
                    break;
                case "part":
                    if (value is JsonValue v && v.TryGetValue<string>(out var part))
                    {
                        (parts ??= []).Add((argument, part));
                    }
                    else
                    {
                        problems.Add(new([argument.Name], "Input should be a valid string", "string_type"));
                    }

                    break;
            }
        }

        string? contentType = null;
        byte[]? body = null;
        switch (tool.Body)
        {
            case ToolBody.Flattened when flattened is not null || tool.Operation.RequestBody?.Required == true:
                // A required body is sent even when no property is given, so the operation names each missing one.
                (contentType, body) = ("application/json", Encoding.UTF8.GetBytes((flattened ?? []).ToJsonString()));
                break;
            case ToolBody.Whole when whole is not null:
                (contentType, body) = ("application/json", Encoding.UTF8.GetBytes(whole.ToJsonString()));
                break;
            case ToolBody.Multipart:
                (contentType, body) = Multipart(parts ?? []);
                break;
        }

        if (problems.Count > 0)
        {
            // The call is refused before its operation could name the rest: the input schema names them, in the same answer.
            problems.AddRange(SchemaProblems(tool, arguments, problems));
        }

        return new ToolRequest(tool.Operation.Method, path.ToString() + query, headers, contentType, body, problems);
    }

    private static IEnumerable<ToolProblem> SchemaProblems(SpecTool tool, JsonObject arguments, List<ToolProblem> found)
    {
        var named = found.Select(p => p.Loc.Count > 0 ? p.Loc[0] as string : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var missing in tool.Arguments.Where(a => a.Required && !named.Contains(a.Name) && arguments[a.Name] is null))
        {
            yield return new([missing.Name], "Field required", "missing");
        }

        var known = new JsonObject();
        foreach (var (name, value) in arguments)
        {
            if (tool.ArgumentsByName.ContainsKey(name) && !named.Contains(name))
            {
                known[name] = value?.DeepClone();
            }
        }

        var evaluation = tool.CompiledInput.Evaluate(known, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        foreach (var detail in evaluation.Details.Where(d => d.HasErrors && d.InstanceLocation.Count > 0))
        {
            var loc = detail.InstanceLocation.Select(segment => int.TryParse(segment, out var index) ? (object)index : segment).ToList();
            yield return new(loc, string.Join("; ", detail.Errors!.Values), "value_error");
        }
    }

    // A file part carries a file name, as a browser's upload does: servers that take an upload (FastAPI's UploadFile) need one.
    private static (string ContentType, byte[] Body) Multipart(List<(ToolArgument Argument, string Text)> parts)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (argument, text) in parts)
        {
            if (argument.File)
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
                file.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
                content.Add(file, argument.Name, $"{argument.Name}.txt");
            }
            else
            {
                content.Add(new StringContent(text, Encoding.UTF8, "text/plain"), argument.Name);
            }
        }

        using var stream = new MemoryStream();
        content.CopyTo(stream, null, CancellationToken.None);
        return (content.Headers.ContentType!.ToString(), stream.ToArray());
    }

    private static string? Scalar(JsonNode node) => node is JsonValue value
        ? value.TryGetValue<string>(out var text) ? text
        : value.TryGetValue<bool>(out var flag) ? (flag ? "true" : "false")
        : value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.ToJsonString()
        : null
        : null;
}
