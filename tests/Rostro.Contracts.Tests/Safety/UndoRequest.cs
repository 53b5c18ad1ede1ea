using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Checks;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>The request that removes what a creation made, built from the creation's <c>x-rostro-undo</c> (an OpenAPI Link object) and the exchange it answered.</summary>
/// <param name="Operation">The removal.</param>
/// <param name="PathAndQuery">Its path (the spec's, before the base URL) and query.</param>
/// <param name="Body">Its JSON body, or null.</param>
public sealed record UndoRequest(SpecOperation Operation, string PathAndQuery, string? Body)
{
    /// <summary>Resolves each runtime expression against the creation's request path, request body and answer; the error says which value is missing and where.</summary>
    public static (UndoRequest? Undo, string? Error) Resolve(SpecOperation creation, SpecUndo undo, string requestPath, IReadOnlyDictionary<string, string> query, JsonNode? requestBody, string responseBody)
    {
        ArgumentNullException.ThrowIfNull(creation);
        ArgumentNullException.ThrowIfNull(undo);
        if (!SpecCatalog.Instance.ById.TryGetValue(undo.OperationId, out var removal))
        {
            return (null, $"x-rostro-undo names {undo.OperationId}, which the spec does not have");
        }

        JsonNode? answer;
        try
        {
            answer = responseBody.Length == 0 ? null : JsonNode.Parse(responseBody);
        }
        catch (JsonException)
        {
            answer = null;
        }

        var pathValues = PathValues(creation.PathTemplate, requestPath);
        string? error = null;
        JsonNode? Value(string expression)
        {
            var value = expression switch
            {
                _ when expression.StartsWith("$request.path.", StringComparison.Ordinal) => pathValues.TryGetValue(expression["$request.path.".Length..], out var v) ? JsonValue.Create(v) : null,
                _ when expression.StartsWith("$request.query.", StringComparison.Ordinal) => query.TryGetValue(expression["$request.query.".Length..], out var q) ? JsonValue.Create(q) : null,
                _ when expression.StartsWith("$request.body#", StringComparison.Ordinal) => Pointer.At(requestBody, expression["$request.body#".Length..]),
                _ when expression.StartsWith("$response.body#", StringComparison.Ordinal) => Pointer.At(answer, expression["$response.body#".Length..]),
                _ => null,
            };
            if (value is null)
            {
                error ??= $"{expression} has no value in {(expression.StartsWith("$response", StringComparison.Ordinal) ? "the answer" : "the request")}";
            }

            return value?.DeepClone();
        }

        var path = removal.PathTemplate;
        var removalQuery = new List<string>();
        foreach (var (name, expression) in undo.Parameters)
        {
            var text = Text(Value(expression));
            var parameter = removal.Parameters.FirstOrDefault(p => p.Name == name);
            if (parameter?.Location == "query")
            {
                removalQuery.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(text)}");
            }
            else
            {
                path = path.Replace($"{{{name}}}", Uri.EscapeDataString(text), StringComparison.Ordinal);
            }
        }

        var body = undo.RequestBody is { } template ? Substitute(template.DeepClone(), Value)?.ToJsonString() : null;
        return error is null
            ? (new UndoRequest(removal, removalQuery.Count == 0 ? path : $"{path}?{string.Join('&', removalQuery)}", body), null)
            : (null, error);
    }

    /// <summary>The values of a creation's request that name what it creates (the <c>$request</c> expressions of its undo): a tag, a username, a word.</summary>
    public static IReadOnlyList<string> ChosenValues(SpecOperation creation, SpecUndo undo, string query, string requestPath, JsonNode? requestBody)
    {
        ArgumentNullException.ThrowIfNull(creation);
        ArgumentNullException.ThrowIfNull(undo);
        var pathValues = PathValues(creation.PathTemplate, requestPath);
        var queryValues = System.Web.HttpUtility.ParseQueryString(query ?? string.Empty);
        var expressions = undo.Expressions.Where(e => e.StartsWith("$request.", StringComparison.Ordinal));
        return [.. expressions.Select(e => e switch
            {
                _ when e.StartsWith("$request.path.", StringComparison.Ordinal) => pathValues.GetValueOrDefault(e["$request.path.".Length..]),
                _ when e.StartsWith("$request.query.", StringComparison.Ordinal) => queryValues[e["$request.query.".Length..]],
                _ when e.StartsWith("$request.body#", StringComparison.Ordinal) => Text(Pointer.At(requestBody, e["$request.body#".Length..])),
                _ => null,
            })
            .OfType<string>()];
    }

    private static JsonNode? Substitute(JsonNode? node, Func<string, JsonNode?> value) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Substitute(p.Value?.DeepClone(), value)))),
        JsonArray a => new JsonArray([.. a.Select(i => Substitute(i?.DeepClone(), value))]),
        JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith('$') => value(text),
        _ => node,
    };

    private static string Text(JsonNode? value) => OperationRequests.Text(value);

    /// <summary>The values of a template's parameters in a request path (<c>/api/tags/{project_id}/{tagname}</c> against <c>/api/tags/5/x</c>).</summary>
    public static Dictionary<string, string> PathValues(string template, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = template.Trim('/').Split('/');
        var segments = path.Split('?', 2)[0].Trim('/').Split('/');
        if (names.Length != segments.Length)
        {
            return values;
        }

        foreach (var (name, segment) in names.Zip(segments))
        {
            if (name.StartsWith('{') && name.EndsWith('}'))
            {
                values[name[1..^1]] = Uri.UnescapeDataString(segment);
            }
        }

        return values;
    }
}
