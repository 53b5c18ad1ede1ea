using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Contracts.Tests.Targets;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>A request to one operation, before it is sent: path values, query, body. Immutable, so a check derives variants (an invalid field, no credentials) from the valid one.</summary>
public sealed record RequestPlan(
    SpecOperation Operation,
    IReadOnlyDictionary<string, string> PathValues,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    JsonNode? Body,
    string? RawBody = null,
    IReadOnlyDictionary<string, string>? MultipartParts = null,
    Action<HttpRequestMessage>? Configure = null)
{
    /// <summary>The path with its values, and the query.</summary>
    public string PathAndQuery
    {
        get
        {
            var path = Operation.PathTemplate;
            foreach (var (name, value) in PathValues)
            {
                path = path.Replace($"{{{name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }

            return Query.Count == 0 ? path : path + "?" + string.Join('&', Query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        }
    }

    public RequestPlan WithPathValue(string name, string value) =>
        this with { PathValues = new Dictionary<string, string>(PathValues, StringComparer.Ordinal) { [name] = value } };

    public RequestPlan WithoutQuery(string name) => this with { Query = Query.Where(q => q.Key != name).ToList() };

    public RequestPlan WithQuery(string name, string value) => this with { Query = [.. Query.Where(q => q.Key != name), new(name, value)] };

    public RequestPlan WithBody(JsonNode? body) => this with { Body = body, RawBody = null };

    public RequestPlan WithRawBody(string raw) => this with { Body = null, RawBody = raw };

    public RequestPlan WithoutPart(string name) =>
        this with { MultipartParts = MultipartParts?.Where(p => p.Key != name).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) };

    /// <summary>A new message for this plan, sent as the client's caller.</summary>
    public HttpRequestMessage Build(ContractClient client, Action<HttpRequestMessage>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = client.NewRequest(new HttpMethod(Operation.Method), PathAndQuery);
        if (MultipartParts is { } parts)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in parts)
            {
                if (name == "file")
                {
                    form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(value)), name, "rostro-contracts.txt");
                }
                else
                {
                    form.Add(new StringContent(value), name);
                }
            }

            request.Content = form;
        }
        else if (RawBody is not null)
        {
            request.Content = new StringContent(RawBody, Encoding.UTF8, "application/json");
        }
        else if (Body is not null)
        {
            request.Content = new StringContent(Body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        Configure?.Invoke(request);
        configure?.Invoke(request);
        return request;
    }

    /// <summary>Sends the plan as the client's caller.</summary>
    public Task<Exchange> SendAsync(ContractClient client, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default) =>
        client.SendAsync(Build(client, configure), cancellationToken);
}

/// <summary>Valid requests for any operation, from the spec's own examples; on a live target the caller's own username and project stand in for the mock's fixtures.</summary>
public static class OperationRequests
{
    // Where the spec's example addresses the caller itself (following yourself) the mock's fixture user stands in.
    private static readonly Dictionary<(string OperationId, string Parameter), string> s_mockValues = new()
    {
        [("followUser", "username")] = "User1",
        [("unfollowUser", "username")] = "User1",
    };

    /// <summary>A request the operation must accept; skips the test (with the reason) when a live target lacks a value it needs.</summary>
    public static async Task<RequestPlan> ValidAsync(ContractTarget target, ContractClient client, SpecOperation operation)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(operation);
        var path = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = new List<KeyValuePair<string, string>>();
        foreach (var parameter in operation.Parameters)
        {
            if (parameter.Location == "path")
            {
                path[parameter.Name] = await ValueAsync(target, client, operation, parameter);
            }
            else if (parameter.Location == "query" && parameter.Required)
            {
                var example = await ExampleAsync(target, client, operation, parameter);
                query.AddRange((example is JsonArray array ? array.Select(Text) : [Text(example)]).Select(v => new KeyValuePair<string, string>(parameter.Name, v)));
            }
        }

        JsonNode? body = null;
        Dictionary<string, string>? parts = null;
        if (operation.RequestBody is { } requestBody)
        {
            if (requestBody.Content.TryGetValue("application/json", out var json))
            {
                body = json.Examples.Values.FirstOrDefault()?.DeepClone() ?? new JsonObject();
            }
            else if (requestBody.Content.ContainsKey("multipart/form-data"))
            {
                var owner = await target.ProjectIdAsync(client);
                parts = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["file"] = "Dragons sleep for a hundred years under the northern mountains.",
                    ["metadata"] = new JsonObject { ["owner_id"] = owner ?? 123, ["source"] = "rostro-contracts" }.ToJsonString(),
                };
            }
        }

        return new RequestPlan(operation, path, query, body, MultipartParts: parts);
    }

    private static async Task<string> ValueAsync(ContractTarget target, ContractClient client, SpecOperation operation, SpecParameter parameter)
    {
        if (target.IsMock && s_mockValues.TryGetValue((operation.OperationId, parameter.Name), out var fixture))
        {
            return fixture;
        }

        return Text(await ExampleAsync(target, client, operation, parameter));
    }

    private static async Task<JsonNode?> ExampleAsync(ContractTarget target, ContractClient client, SpecOperation operation, SpecParameter parameter)
    {
        if (target.IsLive)
        {
            switch (parameter.Name)
            {
                case "username":
                    var me = await target.UsernameAsync(client);
                    if (me is null)
                    {
                        target.Skip($"{operation.OperationId} needs the caller's username, and GET /api/self did not give it");
                    }

                    return JsonValue.Create(me);
                case "project_id":
                    var project = await target.ProjectIdAsync(client);
                    if (project is null)
                    {
                        target.Skip($"{operation.OperationId} needs a project of the caller: set ROSTRO_PROJECT_ID (none was found on the caller's profile)");
                    }

                    return JsonValue.Create(project.Value);
                case "owner_ids":
                    // What a lore owner is, the spec leaves open (CURATION 30): an owner the target lists for the caller.
                    var owner = await target.LoreOwnerAsync(client);
                    if (owner is null)
                    {
                        target.Skip($"{operation.OperationId} needs a lore owner of the caller, and GET /lore/items accepted neither its user id nor its project");
                    }

                    return new JsonArray(owner.Value);
            }
        }

        if (parameter.Examples.GetValueOrDefault("default") is not { } example)
        {
            // A new operation without examples must not pass unnoticed: the spec has to say what a valid request is.
            throw new InvalidOperationException($"{operation.OperationId}: the spec gives no example for parameter {parameter.Name}, so the suite cannot build a valid request; add one to openapi/rostro.yaml.");
        }

        return example.DeepClone();
    }

    /// <summary>A JSON value as it travels in a URL (strings without quotes).</summary>
    public static string Text(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
}
