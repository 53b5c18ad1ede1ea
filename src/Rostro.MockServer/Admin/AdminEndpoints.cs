using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Rostro.MockServer.Errors;
using Rostro.MockServer.Responses;
using Rostro.MockServer.Settings;
using Rostro.MockServer.State;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Admin;

/// <summary>The admin API under <c>/__admin</c>, on WireMock's paths: <c>requests</c>, <c>reset</c>, <c>settings</c> (plus <c>worlds</c>).</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>GET /__admin/requests?limit=N</c>: the journal, newest first; <c>DELETE</c> clears it.</item>
/// <item><c>POST /__admin/reset</c>: every world back to its fixtures, journal cleared; <c>?world=&lt;id&gt;</c> resets one world (ids from the journal or <c>GET /__admin/worlds</c>; <c>anonymous</c> is the public one).</item>
/// <item><c>GET /__admin/settings</c>; <c>PUT</c> with a partial JSON object changes only the named settings, or nothing when any value is bad (400 malformed JSON, 422 per bad field).</item>
/// <item><c>POST /__admin/settings/reset</c>: the settings the server started with, back in force.</item>
/// <item><c>GET /__admin/worlds</c>: the world ids held, and the bounds.</item>
/// <item><c>/__admin/mappings</c>: your own stubs, WireMock.Net's mapping API (see <see cref="Stubs.UserStubs"/>): <c>GET</c>,
/// <c>POST</c> (one mapping or an array), <c>DELETE</c> (all); <c>GET</c>, <c>PUT</c>, <c>DELETE /__admin/mappings/{id}</c>;
/// <c>POST /__admin/mappings/reset</c> (back to the <c>--mappings</c> folder).</item>
/// </list>
/// </remarks>
internal sealed class AdminEndpoints(
    RequestJournal journal,
    WorldStore worlds,
    MockSettingsStore settings,
    ResponseWriter writer,
    Stubs.UserStubs stubs,
    MockServerOptions options,
    Mcp.McpSessions mcpSessions,
    Mimic.Load.LoadModel load)
{
    private const string MappingsRoute = "/mappings";

    /// <summary>Every admin route (under <c>/__admin</c>; <c>{id}</c> is a stub id) and the methods it answers.</summary>
    internal static IReadOnlyDictionary<string, string[]> Routes => s_routes;

    private static readonly Dictionary<string, string[]> s_routes = new(StringComparer.Ordinal)
    {
        ["/requests"] = ["DELETE", "GET"],
        ["/reset"] = ["POST"],
        ["/settings"] = ["GET", "PUT"],
        ["/settings/reset"] = ["POST"],
        ["/worlds"] = ["GET"],
        [MappingsRoute] = ["DELETE", "GET", "POST"],
        [MappingsRoute + "/reset"] = ["POST"],
        [MappingRoute] = ["DELETE", "GET", "PUT"],
    };

    // The key of /mappings/{id} in s_routes (no request path has braces).
    private const string MappingRoute = MappingsRoute + "/{id}";

    public async Task InvokeAsync(HttpContext http)
    {
        if (AdminAccess.Check(http, options.AdminToken) is { } refusal)
        {
            await writer.WriteErrorAsync(http, null, refusal.Status, refusal.Reason, ErrorCodes.AdminRefused);
            return;
        }

        var path = http.Request.Path.Value is { Length: > 0 } p ? p.TrimEnd('/') : string.Empty;
        var mappingId = MappingId(path);
        if (!s_routes.TryGetValue(mappingId is null ? path : MappingRoute, out var methods))
        {
            await writer.WriteErrorAsync(http, null, StatusCodes.Status404NotFound, $"No admin route /__admin{path}; see /__admin/mappings, /__admin/requests, /__admin/reset, /__admin/settings, /__admin/settings/reset, /__admin/worlds.", ErrorCodes.RouteNotFound);
            return;
        }

        var method = http.Request.Method;
        if (!methods.Contains(method, StringComparer.Ordinal))
        {
            http.Response.Headers.Allow = string.Join(", ", methods);
            await writer.WriteErrorAsync(http, null, StatusCodes.Status405MethodNotAllowed, $"/__admin{path} does not answer {method}; it answers {string.Join(", ", methods)}.", ErrorCodes.MethodNotAllowed);
            return;
        }

        if (path == MappingsRoute || mappingId is not null)
        {
            await MappingsAsync(http, method, mappingId);
            return;
        }

        switch (path, method)
        {
            case ("/requests", "GET"):
                var limit = int.TryParse(http.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : journal.Capacity;
                await writer.WriteJsonAsync(http, null, 200, new JournalPage(journal.Snapshot(limit), journal.Total, journal.Capacity));
                break;
            case ("/requests", "DELETE"):
                journal.Clear();
                await writer.WriteJsonAsync(http, null, 200, new ErrorlessAnswer(true, "Journal cleared."));
                break;
            case ("/reset", "POST"):
                await ResetAsync(http);
                break;
            case ("/settings", "GET"):
                await writer.WriteJsonAsync(http, null, 200, MockSettingsJson.ToJson(settings.Current));
                break;
            case ("/settings", "PUT"):
                await PutSettingsAsync(http);
                break;
            case (MappingsRoute + "/reset", "POST"):
                await ResetMappingsAsync(http);
                break;
            case ("/settings/reset", "POST"):
                settings.Reset();
                await writer.WriteJsonAsync(http, null, 200, MockSettingsJson.ToJson(settings.Current));
                break;
            case ("/worlds", "GET"):
                await writer.WriteJsonAsync(http, null, 200, new WorldsPage(worlds.Ids, worlds.Count, worlds.MaxWorlds, options.MaxItemsPerCollection, options.MaxStoredBytesPerWorld));
                break;
            default:
                // Every route and method of s_routes has its case above; one without is this file's mistake, not the caller's.
                throw new System.Diagnostics.UnreachableException($"The admin route {method} /__admin{path} is listed but has no handler.");
        }
    }

    // "/mappings/0d6c..." → its id; anything else (including "/mappings/reset") → null.
    private static Guid? MappingId(string path) =>
        path.StartsWith(MappingsRoute + "/", StringComparison.Ordinal) && Guid.TryParse(path.AsSpan(MappingsRoute.Length + 1), out var id) ? id : null;

    // WireMock.Net's mapping API, its answers' shapes (Guid, Status), on WireMock.Net's own API: the bodies pass
    // Stubs.StubRules, and every change goes through UserStubs.Add / Delete / DeleteAll.
    private async Task MappingsAsync(HttpContext http, string method, Guid? id)
    {
        switch (method, id)
        {
            case ("GET", null):
                await WriteWireMockAsync(http, 200, stubs.Shown());
                return;
            case ("GET", { } one):
                if (stubs.Shown(one) is [var model])
                {
                    await WriteWireMockAsync(http, 200, model);
                }
                else
                {
                    await NoStubAsync(http, one);
                }

                return;
            case ("DELETE", null):
                stubs.DeleteAll();
                await WriteWireMockAsync(http, 200, new WireMockStatus(null, "Mappings deleted"));
                return;
            case ("DELETE", { } one):
                if (stubs.Delete(one))
                {
                    await WriteWireMockAsync(http, 200, new WireMockStatus(one, "Mapping removed"));
                }
                else
                {
                    await NoStubAsync(http, one);
                }

                return;
        }

        // POST /mappings (one or an array) or PUT /mappings/{id} (one, given that id).
        if (await ReadBodyAsync(http, Stubs.StubRules.MaxMappingBytes, $"A mapping body is at most {Stubs.StubRules.MaxMappingBytes} bytes.") is not { } bytes)
        {
            return;
        }

        var check = Stubs.StubRules.Check(System.Text.Encoding.UTF8.GetString(bytes), "body");
        if (check.MalformedMessage is { } malformed)
        {
            await writer.WriteErrorAsync(http, null, StatusCodes.Status400BadRequest, malformed, ErrorCodes.MalformedJson);
            return;
        }

        if (check.Problems.Count > 0)
        {
            await writer.WriteValidationErrorAsync(http, null, check.Problems);
            return;
        }

        if (id is { } replaced)
        {
            if (check.Models.Count != 1)
            {
                await writer.WriteValidationErrorAsync(http, null, [new ValidationDetail(["body"], "PUT /__admin/mappings/{id} takes one mapping object", "dict_type")]);
                return;
            }

            check.Models[0].Guid = replaced;
        }

        if (stubs.Add(check.Models, check.Sources, "body", check.IsArray) is { } problem)
        {
            await writer.WriteValidationErrorAsync(http, null, [problem]);
            return;
        }

        object answer = id is not null ? new WireMockStatus(id, "Mapping added or updated")
            : !check.IsArray ? new WireMockStatus(check.Models[0].Guid, "Mapping added")
            : new WireMockStatuses([.. check.Models.Select(m => m.Guid!.Value)], "Mappings added");
        await WriteWireMockAsync(http, id is null ? StatusCodes.Status201Created : StatusCodes.Status200OK, answer);
    }

    private Task NoStubAsync(HttpContext http, Guid id) =>
        writer.WriteErrorAsync(http, null, StatusCodes.Status404NotFound, $"No stub {id}; GET /__admin/mappings lists them.", ErrorCodes.ResourceNotFound);

    // WireMock.Net's own JSON (Newtonsoft, its model's names, nulls left out), as its admin API writes it.
    private static Task WriteWireMockAsync(HttpContext http, int status, object body)
    {
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(body, s_wireMockJson);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(json, http.RequestAborted);
    }

    private static readonly Newtonsoft.Json.JsonSerializerSettings s_wireMockJson = new()
    {
        Formatting = Newtonsoft.Json.Formatting.Indented,
        NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore,
    };

    private sealed record WireMockStatus(Guid? Guid, string Status);

    private sealed record WireMockStatuses(IReadOnlyList<Guid> Guids, string Status);

    private sealed record MappingsReset(string Status, int Loaded);

    private async Task ResetMappingsAsync(HttpContext http)
    {
        int loaded;
        try
        {
            loaded = stubs.Reset();
        }
        catch (Stubs.StubFileException e)
        {
            // Nothing changed: the stubs are those before the reset.
            await writer.WriteValidationErrorAsync(http, null, [new ValidationDetail(["mappings", e.Path], $"The --mappings folder cannot be loaded again, so nothing was reset: {e.Problem}", "value_error")]);
            return;
        }

        await WriteWireMockAsync(http, 200, new MappingsReset("Mappings reset", loaded));
    }

    private async Task ResetAsync(HttpContext http)
    {
        var one = http.Request.Query["world"].ToString();
        if (one.Length == 0)
        {
            worlds.ResetAll();
            journal.Clear();
            mcpSessions.Clear();
            load.Reset();
            await writer.WriteJsonAsync(http, null, 200, new ErrorlessAnswer(true, "Every world is back to its fixtures; journal cleared; MCP sessions ended; the load model's quotas and prefix cache forgotten."));
            return;
        }

        if (!worlds.Reset(one))
        {
            await writer.WriteErrorAsync(http, null, StatusCodes.Status404NotFound, $"No world '{one}'; GET /__admin/worlds lists them.", ErrorCodes.ResourceNotFound);
            return;
        }

        await writer.WriteJsonAsync(http, null, 200, new ErrorlessAnswer(true, $"World '{one}' is back to its fixtures."));
    }

    // An admin body, at most limit bytes; null when it was refused (answered here) or the client left.
    private async Task<byte[]?> ReadBodyAsync(HttpContext http, long limit, string tooLarge)
    {
        if (http.Request.ContentLength > limit)
        {
            await writer.WriteErrorAsync(http, null, StatusCodes.Status413PayloadTooLarge, tooLarge, ErrorCodes.BodyTooLarge);
            return null;
        }

        var read = await Pipeline.RequestBodies.ReadAllAsync(http.Request, limit, http.RequestAborted);
        if (read.Refusal is { } refusal)
        {
            if (refusal.ClientLeft)
            {
                http.Abort();
                return null;
            }

            await writer.WriteErrorAsync(http, null, refusal.Status, refusal.Status == StatusCodes.Status413PayloadTooLarge ? tooLarge : refusal.Message, refusal.Code);
            return null;
        }

        return read.Value;
    }

    private async Task PutSettingsAsync(HttpContext http)
    {
        if (await ReadBodyAsync(http, MaxSettingsBytes, $"Settings are a small JSON object; this body is over {MaxSettingsBytes} bytes.") is not { } bytes)
        {
            return;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(bytes, documentOptions: MockJson.StrictDocument);
        }
        catch (JsonException e)
        {
            await writer.WriteErrorAsync(http, null, StatusCodes.Status400BadRequest, $"Malformed JSON body: {e.Message}", ErrorCodes.MalformedJson);
            return;
        }

        if (body is not JsonObject patch)
        {
            await writer.WriteValidationErrorAsync(http, null, [new ValidationDetail(["body"], "Input should be a JSON object of settings", "dict_type")]);
            return;
        }

        var updated = MockSettingsJson.Apply(settings.Current, patch, "body", out var problems);
        if (updated is null)
        {
            await writer.WriteValidationErrorAsync(http, null, problems);
            return;
        }

        settings.Replace(updated);
        await writer.WriteJsonAsync(http, null, 200, MockSettingsJson.ToJson(updated));
    }

    private const int MaxSettingsBytes = 64 * 1024;

    private sealed record JournalPage(
        [property: JsonPropertyName("requests")] IReadOnlyList<JournalEntry> Requests,
        [property: JsonPropertyName("total")] long Total,
        [property: JsonPropertyName("capacity")] int Capacity);

    private sealed record ErrorlessAnswer(
        [property: JsonPropertyName("success")] bool Success,
        [property: JsonPropertyName("message")] string Message);

    private sealed record WorldsPage(
        [property: JsonPropertyName("worlds")] IReadOnlyList<string> Worlds,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("maxWorlds")] int MaxWorlds,
        [property: JsonPropertyName("maxItemsPerCollection")] int MaxItemsPerCollection,
        [property: JsonPropertyName("maxStoredBytesPerWorld")] long MaxStoredBytesPerWorld);
}
