using Rostro.Contracts.Tests.Checks;
using Rostro.Spec;

namespace Rostro.Contracts.Tests.Safety;

/// <summary>What the safety handler lets through: everything against a mock; against a live target, by each operation's classification.</summary>
public sealed record SafetyPolicy(bool IsLive, bool AllowDestructive, CreditPlan Credits, CleanupRegistry Cleanup, string BasePath, Uri? McpUrl = null);

/// <summary>The first handler every request of the suite passes (the OpenAI SDK's included): refuses what could harm a live target before it is sent.</summary>
/// <remarks>
/// Against a live target: read-only operations and creations pass; a removal passes only when it removes what this run created
/// (the cleanup registry holds the exact request); anything destructive or unclassified, and any non-GET request to a route
/// the spec does not declare, is refused unless ROSTRO_ALLOW_DESTRUCTIVE=true; a credit-spending request is sent only by a
/// check that reserved an entry of the run's credit plan. A refusal is a test failure: the check should not have been run.
/// </remarks>
public sealed class SafetyHandler(SafetyPolicy policy) : DelegatingHandler
{
    private static readonly HashSet<string> s_safeMethods = new(StringComparer.OrdinalIgnoreCase) { "GET", "HEAD", "OPTIONS" };

    /// <summary>A probe of another user's resource that changes nothing even if the API wrongly obeyed it (Operations/ForeignResourceTests): why, in words.</summary>
    public static readonly HttpRequestOptionsKey<HarmlessProbe> Probe = new("rostro-contracts.harmless-probe");

    // The MCP methods that only describe the server.
    private static readonly HashSet<string> s_mcpLookups = new(StringComparer.Ordinal) { "initialize", "server/discover", "ping", "tools/list", "resources/list", "resources/templates/list", "prompts/list" };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await CheckAsync(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    // The handshake, listings, pings and reading tools go to a live MCP endpoint; a tool that changes data or spends credits never
    // does, not even with ROSTRO_ALLOW_DESTRUCTIVE (what it made could not be tracked for removal). Ending a session is harmless.
    private static async Task CheckMcpAsync(HttpRequestMessage request, string method, CancellationToken cancellationToken)
    {
        if (s_safeMethods.Contains(method) || (method == "DELETE" && request.Headers.Contains("Mcp-Session-Id")))
        {
            return;
        }

        System.Text.Json.Nodes.JsonNode? parsed = null;
        try
        {
            parsed = request.Content is null ? null : System.Text.Json.Nodes.JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (System.Text.Json.JsonException)
        {
        }

        // One JSON-RPC message, an object: a batch or anything else is not read for what it would do, so it is not sent.
        if (parsed is not System.Text.Json.Nodes.JsonObject rpc)
        {
            throw new UnsafeRequestException($"MCP {method}: only single JSON-RPC messages (objects) go to a live MCP endpoint.");
        }

        var call = rpc["method"] is System.Text.Json.Nodes.JsonValue m && m.TryGetValue<string>(out var name) ? name : null;
        if (call is not null && (s_mcpLookups.Contains(call) || call.StartsWith("notifications/", StringComparison.Ordinal)))
        {
            return;
        }

        if (call == "tools/call")
        {
            var toolName = rpc["params"] is System.Text.Json.Nodes.JsonObject parameters && parameters["name"] is System.Text.Json.Nodes.JsonValue n && n.TryGetValue<string>(out var given) ? given : null;

            // A made-up name (the unknown-tool check) names no tool a server could run.
            if (toolName?.StartsWith(Targets.Caller.RunPrefix, StringComparison.Ordinal) == true && SpecCatalog.Instance.Tool(toolName) is null)
            {
                return;
            }

            var tool = toolName is null ? null : SpecCatalog.Instance.Tool(toolName);
            if (tool is { Harmless: true })
            {
                return;
            }

            throw new UnsafeRequestException($"MCP tools/call {toolName}: on a live MCP endpoint only tools the spec says are read-only and spend no credits are called{(tool is null ? " (the spec has no such tool)" : string.Empty)}.");
        }

        throw new UnsafeRequestException($"MCP {call ?? method}: only the handshake, listings, pings and read-only tools go to a live MCP endpoint.");
    }

    /// <summary>Decides about one request; throws <see cref="UnsafeRequestException"/> to refuse it.</summary>
    public async Task CheckAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method.Method;
        if (policy.McpUrl is { } mcp && request.RequestUri!.GetLeftPart(UriPartial.Path) == mcp.GetLeftPart(UriPartial.Path))
        {
            // A named MCP endpoint is live, whatever the REST target is.
            await CheckMcpAsync(request, method, cancellationToken);
            return;
        }

        if (!policy.IsLive)
        {
            return;
        }

        var path = RelativePath(request.RequestUri!);
        if (path.StartsWith("/__admin", StringComparison.Ordinal))
        {
            throw new UnsafeRequestException($"{method} {path}: the mock's admin API is never called on a live target.");
        }

        var operation = SpecCatalog.Instance.Match(method, path);
        if (operation is null)
        {
            if (s_safeMethods.Contains(method))
            {
                return;
            }

            // Not even with ROSTRO_ALLOW_DESTRUCTIVE: a server might act on it, on the caller's own account.
            throw new UnsafeRequestException($"{method} {path} is no operation of the spec; on a live target only GET, HEAD and OPTIONS go to undeclared routes.");
        }

        var facts = operation.Facts;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var caller = Targets.Caller.Of(request);
        var safety = facts.Safety ?? throw new UnsafeRequestException($"{operation.OperationId} ({operation.Key}) does not say what it does to data (x-rostro-safety in openapi/rostro.yaml), so it is never sent to a live target.");
        if (request.Options.TryGetValue(Probe, out var probe))
        {
            // A probe of another user's resource, in a shape this handler checks (whatever ROSTRO_ALLOW_DESTRUCTIVE says).
            await HarmlessAsync(request, operation, probe, caller, body);
            if (safety == SafetyClass.Creates && !await NewlyNamedAsync(request, operation))
            {
                throw new UnsafeRequestException($"{operation.OperationId} ({method} {request.RequestUri!.PathAndQuery}) probes with a name that is not one the run made up ({Targets.Caller.RunPrefix}…).");
            }
        }
        else if (safety is SafetyClass.Destructive or SafetyClass.Removes && policy.Cleanup.Permits(caller, method, request.RequestUri!.PathAndQuery, body))
        {
            // A removal of what the run created, or the restoration of what it changed, from the credential that made it.
        }
        else
        {
            switch (safety)
            {
                case SafetyClass.Destructive when !policy.AllowDestructive:
                    throw new UnsafeRequestException($"{operation.OperationId} ({operation.Key}) cannot be undone; it is sent to a live target only with ROSTRO_ALLOW_DESTRUCTIVE=true.");
                case SafetyClass.Removes:
                    throw new UnsafeRequestException($"{operation.OperationId} ({method} {request.RequestUri!.PathAndQuery}) would remove something this run did not create.");
                case SafetyClass.Creates when !await NewlyNamedAsync(request, operation):
                    throw new UnsafeRequestException($"{operation.OperationId} ({method} {request.RequestUri!.PathAndQuery}) names what it creates, and the name is not one the run made up ({Targets.Caller.RunPrefix}…) nor one the check found absent first: removing it afterwards could undo what was there before the run.");
            }
        }

        if (facts.SpendsCredits && CarriesCredential(request) && !policy.Credits.Spend(TestContext.Current.Test?.UniqueID))
        {
            throw new UnsafeRequestException($"{operation.OperationId} ({operation.Key}) costs credits, and the check sending it holds no entry of the run's credit plan (Safety/CreditPlan.cs); it was not sent.");
        }
    }

    /// <summary>Set by a check that looked, over every page, and found that what it is about to create is not there yet (a follow of a user).</summary>
    public static readonly HttpRequestOptionsKey<bool> CheckedAbsent = new("rostro-contracts.checked-absent");

    // A creation whose removal names what the request chose (a tag, a username: x-rostro-undo's $request values) may
    // "create" what existed before the run; only a made-up name, or one the check found absent, is safe to remove later.
    private async Task<bool> NewlyNamedAsync(HttpRequestMessage request, Rostro.Spec.SpecOperation operation)
    {
        // A removal that names what the answer gave (a new uuid) removes only what this request made.
        if (operation.Facts.Undo is not { } undo || request.Options.TryGetValue(CheckedAbsent, out var absent) && absent || !undo.FromRequestAlone)
        {
            return true;
        }

        var chosen = UndoRequest.ChosenValues(operation, undo, request.RequestUri!.Query, RelativePath(request.RequestUri!), await RequestBodies.ReadJsonAsync(request.Content, CancellationToken.None));
        return chosen.Any(v => v.StartsWith(Targets.Caller.RunPrefix, StringComparison.Ordinal));
    }

    /// <summary>For a probe the owner undoes: the owner's client (a creation is registered for removal under it, not the prober's).</summary>
    public static readonly HttpRequestOptionsKey<Checks.ContractClient> UndoneBy = new("rostro-contracts.undone-by");

    /// <summary>For a probe the owner undoes that changes or removes: the owner's undo, registered and pending before the probe is sent.</summary>
    public static readonly HttpRequestOptionsKey<TrackedResource> OwnersUndo = new("rostro-contracts.owners-undo");

    // A probe passes only for an operation whose x-rostro-owned it checks, and only in a shape that cannot change anything.
    private Task HarmlessAsync(HttpRequestMessage request, Rostro.Spec.SpecOperation operation, HarmlessProbe probe, Targets.Caller caller, string? body)
    {
        if (operation.Facts.Owned.Count == 0)
        {
            throw new UnsafeRequestException($"{operation.OperationId}: only the checks of x-rostro-owned probe another user's resource, and {operation.OperationId} has none.");
        }

        var path = request.RequestUri!.AbsolutePath.Split('/');
        var ok = probe switch
        {
            HarmlessProbe.EmptyUpdate => request.Method == HttpMethod.Put && body?.Trim() == "{}",
            HarmlessProbe.NothingThere => request.Method == HttpMethod.Delete && body is null && path.Any(s => s.StartsWith(Targets.Caller.RunPrefix, StringComparison.Ordinal)),
            // Only switching on ratings the check just read as on; it has no body.
            HarmlessProbe.AlreadySo => operation.OperationId == "enableProjectRatings" && body is null,
            HarmlessProbe.UndoneByOwner => operation.Facts.Safety == SafetyClass.Creates
                ? request.Options.TryGetValue(UndoneBy, out var owner) && owner.Caller.Credential != caller.Credential
                : request.Options.TryGetValue(OwnersUndo, out var undo) && !undo.Removed && undo.Owner.Caller.Credential != caller.Credential
                    && OwnedValue(request, operation) is { } owned && undo.Path.Split('?')[0].Split('/').Select(Uri.UnescapeDataString).Contains(owned),
            _ => false,
        };
        return ok ? Task.CompletedTask
            : throw new UnsafeRequestException($"{operation.OperationId} ({request.Method} {request.RequestUri!.PathAndQuery}) is not in the harmless shape its probe claims ({probe}).");
    }

    // The value of the probe's owned path parameter (the project, the image): the owner's undo must be about it.
    private string? OwnedValue(HttpRequestMessage request, Rostro.Spec.SpecOperation operation) =>
        operation.Facts.Owned.FirstOrDefault(o => o.In == "path") is { } owned
            ? UndoRequest.PathValues(operation.PathTemplate, RelativePath(request.RequestUri!)).GetValueOrDefault(owned.Name)
            : null;

    // A request without a credential, or with one the suite made up to be refused, can spend nobody's credits.
    private static bool CarriesCredential(HttpRequestMessage request) =>
        new[] { "Authorization", "CH-API-KEY", "samwise" }.Any(h => request.Headers.TryGetValues(h, out var values)
            && values.Any(v => !v.Replace("Bearer ", string.Empty, StringComparison.OrdinalIgnoreCase).StartsWith(Targets.Caller.InvalidPrefix, StringComparison.Ordinal)));

    private string RelativePath(Uri uri) => Targets.SpecPaths.Of(uri, policy.BasePath);
}

/// <summary>The suite refused to send a request that could harm a live target.</summary>
public sealed class UnsafeRequestException(string message) : InvalidOperationException("Refused by the suite's safety rules: " + message);

/// <summary>Why a probe of another user's resource changes nothing even if the API wrongly obeyed it.</summary>
public enum HarmlessProbe
{
    /// <summary>An update with an empty body: the spec changes only the fields sent (checked: the body is <c>{}</c>).</summary>
    EmptyUpdate,

    /// <summary>A removal of something nobody has: a name the run made up (checked: a path segment starts with the run's prefix).</summary>
    NothingThere,

    /// <summary>A switch to the state it is in already (the check read it first).</summary>
    AlreadySo,

    /// <summary>A change the owner undoes at once with their own credential (registered before the probe is sent).</summary>
    UndoneByOwner,
}
