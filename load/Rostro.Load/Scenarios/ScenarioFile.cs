using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.Spec;

namespace Rostro.Load;

/// <summary>A scenario file (<c>load/scenarios/*.json</c>) read, checked against the spec and turned into a <see cref="LoadScenario"/>.</summary>
/// <param name="Scenario">The scenario to run.</param>
/// <param name="Target">The file's own target (always loopback), or null.</param>
public sealed record ScenarioFile(LoadScenario Scenario, Uri? Target)
{
    private static readonly string[] s_loadTypes = ["constant", "poisson", "ramp", "steps", "closed"];
    private static readonly HashSet<string> s_credentialHeaders = new(["Authorization", "CH-API-KEY", "samwise", "Cookie", "Proxy-Authorization", "X-Admin-Token"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> s_ownBodyFields = new(["model", "messages", "prompt", "stream", "stream_options", "max_tokens"], StringComparer.Ordinal);

    /// <summary>Reads and checks a scenario file.</summary>
    /// <exception cref="ScenarioFileException">Every problem found, one line each, prefixed with the file's name.</exception>
    public static async Task<ScenarioFile> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioFileException($"{name}: cannot read the file ({e.Message})");
        }

        var spec = await RostroSpec.LoadEmbeddedAsync().ConfigureAwait(false);
        return Parse(text, name, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", spec);
    }

    /// <summary>Reads and checks a scenario from its JSON text; <paramref name="directory"/> anchors relative prompt files.</summary>
    /// <exception cref="ScenarioFileException">Every problem found, one line each, prefixed with <paramref name="fileName"/>.</exception>
    public static ScenarioFile Parse(string json, string fileName, string directory, RostroSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ScenarioFileException($"{fileName}: not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioFileException($"{fileName}: expected a JSON object");
            }

            var problems = new List<string>();
            var file = Read(new JsonFields(document.RootElement, string.Empty, problems), directory, spec, problems);
            if (problems.Count > 0 || file is null)
            {
                throw new ScenarioFileException([.. problems.Select(p => $"{fileName}: {p}")]);
            }

            return file;
        }
    }

    /// <summary>Applies the command line's overrides, which beat the file.</summary>
    /// <exception cref="ScenarioFileException">An override that does not fit the scenario's load model.</exception>
    public static LoadScenario Override(LoadScenario scenario, TimeSpan? duration, double? rate, int? concurrency)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var problems = new List<string>();
        if (duration is { } d)
        {
            if (scenario.Load is StepRates)
            {
                problems.Add("--duration: this scenario's load is steps, whose lengths add up to the duration; change the steps instead");
            }
            else
            {
                scenario = scenario with { Duration = d };
            }
        }

        if (rate is { } r)
        {
            scenario = scenario.Load switch
            {
                OpenLoad open => scenario with { Load = open.WithPeakRate(r) },
                _ => Add(problems, scenario, "--rate: this scenario's load is closed (N concurrent); use --concurrency"),
            };
        }

        if (concurrency is { } c)
        {
            scenario = scenario.Load is ClosedLoad ? scenario with { Load = new ClosedLoad(c) } : scenario with { MaxConcurrency = c };
        }

        return problems.Count > 0 ? throw new ScenarioFileException(problems) : scenario;
    }

    private static LoadScenario Add(List<string> problems, LoadScenario scenario, string problem)
    {
        problems.Add(problem);
        return scenario;
    }

    private static ScenarioFile? Read(JsonFields root, string directory, RostroSpec spec, List<string> problems)
    {
        root.Get("$schema");
        root.String("description");
        var name = root.String("name", required: true);
        var targetText = root.String("target");
        var route = root.String("route", required: true);
        var model = root.String("model");
        var stream = root.Boolean("stream");
        var maxTokens = root.Integer("max_tokens", 1, 1_000_000);
        var prompts = ReadPrompts(root.Object("prompts"), directory);
        var extraBody = root.Object("body") is not null ? root.Get("body") : null;
        var headers = ReadHeaders(root);
        var load = ReadLoad(root.Object("load", required: true));
        var maxConcurrency = root.Integer("max_concurrency", 1, 1_000_000);
        var warmUp = root.Duration("warm_up", allowZero: true) ?? TimeSpan.Zero;
        var durationRequired = load is not StepRates;
        var duration = root.Duration("duration", required: durationRequired && root.Has("load"));
        var maxRequests = root.Integer("max_requests", 1, int.MaxValue);
        var timeout = root.Duration("request_timeout") ?? TimeSpan.FromSeconds(60);
        var thresholds = ReadThresholds(root);
        root.RejectUnknown();

        if (load is StepRates && duration is not null)
        {
            root.Problem("duration", "a steps load sets its own length (the sum of its steps); remove duration");
        }

        if (load is ClosedLoad && maxConcurrency is not null)
        {
            root.Problem("max_concurrency", "applies to an open load; a closed load's concurrency is load.concurrency");
        }

        Uri? target = null;
        if (targetText is not null)
        {
            if (TargetPolicy.Check(targetText, out var parsed) is { } error)
            {
                root.Problem("target", error);
            }
            else if (!TargetPolicy.IsLoopback(parsed!))
            {
                root.Problem("target", "a scenario file may only name a loopback target (127.0.0.1, localhost, ::1); name a remote one with --target");
            }
            else
            {
                target = parsed;
            }
        }

        if (extraBody is { } extra)
        {
            foreach (var property in extra.EnumerateObject().Where(p => s_ownBodyFields.Contains(p.Name)))
            {
                problems.Add($"body.{property.Name}: set by the scenario itself ({(property.Name is "max_tokens" or "model" or "stream" ? property.Name : "prompts")}), not in body");
            }
        }

        var request = route is null ? null : ReadRoute(route, model, stream, maxTokens, extraBody, spec, prompts ?? PromptFeed.Synthetic(8, 32), problems);
        if (problems.Count > 0 || name is null || route is null || request is null || load is null)
        {
            return null;
        }

        var feed = prompts ?? PromptFeed.Synthetic(8, 32);
        var scenario = new LoadScenario(name, Step(request, feed, headers))
        {
            Load = load,
            WarmUp = warmUp,
            Duration = duration ?? TimeSpan.Zero,
            MaxRequests = maxRequests,
            MaxConcurrency = maxConcurrency,
            RequestTimeout = timeout,
            Thresholds = thresholds,
            Prompts = feed,
            Route = route,
            Model = model,
            Streaming = request.Stream,
        };
        return new ScenarioFile(scenario, target);
    }

    private static RouteRequest? ReadRoute(string route, string? model, bool? stream, int? maxTokens, JsonElement? extraBody, RostroSpec spec, PromptFeed prompts, List<string> problems)
    {
        var operation = spec.Operations.FirstOrDefault(o => o.PathTemplate == route && o.Tag == "mimic");
        if (operation is null)
        {
            var routes = spec.Operations.Where(o => o.Tag == "mimic").Select(o => o.PathTemplate).Distinct();
            problems.Add($"route: '{route}' is not a route of the mimic in the spec (known: {string.Join(", ", routes)})");
            return null;
        }

        var models = spec.Schema("ModelId").Enum.Select(e => e?.GetValue<string>() ?? string.Empty).ToList();
        var needsModel = operation.Method == "POST" || route.Contains("{model}", StringComparison.Ordinal);
        if (model is null)
        {
            if (needsModel)
            {
                problems.Add($"model: is required for {route} (one of {string.Join(", ", models)})");
            }
        }
        else if (!models.Contains(model))
        {
            problems.Add($"model: '{model}' is not a model of the spec (one of {string.Join(", ", models)})");
        }

        var path = route.Replace("{model}", Uri.EscapeDataString(model ?? string.Empty), StringComparison.Ordinal).TrimStart('/');
        if (operation.Method == "GET")
        {
            if (stream == true || maxTokens is not null || extraBody is not null)
            {
                problems.Add($"route: {route} is a GET without a body; stream, max_tokens and body do not apply");
            }

            return new RouteRequest(path, chat: false, template: null, stream: false);
        }

        var chat = route.EndsWith("/chat/completions", StringComparison.Ordinal);
        var body = new JsonObject { ["model"] = model };
        if (chat)
        {
            body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = string.Empty });
        }
        else
        {
            body["prompt"] = string.Empty;
        }

        var streaming = stream ?? true;
        body["stream"] = streaming;
        if (streaming)
        {
            // The server's own token count, so TPOT and tokens/s do not rest on one-token-per-event.
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        if (maxTokens is { } max)
        {
            body["max_tokens"] = max;
        }

        if (extraBody is { } extra)
        {
            foreach (var property in extra.EnumerateObject().Where(p => !s_ownBodyFields.Contains(p.Name)))
            {
                body[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        // The body the run will send, checked once against the spec with a real prompt, so a bad field fails now, not as 422s.
        var schema = operation.RequestBody?.Content.GetValueOrDefault("application/json")?.Schema;
        var template = new RouteRequest(path, chat, body, streaming);
        if (schema is not null)
        {
            foreach (var violation in SchemaValidator.Validate(template.Body(prompts.Next(0)).ToJsonString(), schema))
            {
                problems.Add($"request body {(violation.Pointer.Length == 0 ? "/" : violation.Pointer)}: {violation.Message}");
            }
        }

        return template;
    }

    private static PromptFeed? ReadPrompts(JsonFields? fields, string directory)
    {
        if (fields is null)
        {
            return null;
        }

        var source = fields.String("source", required: true);
        var order = fields.String("order");
        var seed = fields.Integer("seed", 0, int.MaxValue) ?? 1;
        if (order is not (null or "circular" or "random"))
        {
            fields.Problem("order", "expected 'circular' or 'random'");
        }

        PromptFeed? feed = null;
        IReadOnlyList<string>? list = null;
        switch (source)
        {
            case "synthetic":
                var min = fields.Integer("min_words", 1, 100_000, required: true);
                var max = fields.Integer("max_words", 1, 100_000, required: true);
                if (min is { } lo && max is { } hi)
                {
                    if (hi < lo)
                    {
                        fields.Problem("max_words", "must be at least min_words");
                    }
                    else
                    {
                        feed = PromptFeed.Synthetic(lo, hi, seed);
                    }
                }

                break;
            case "file":
                if (fields.String("path", required: true) is { } relative)
                {
                    var full = Path.GetFullPath(Path.Combine(directory, relative));
                    try
                    {
                        list = [.. File.ReadLines(full).Where(l => !string.IsNullOrWhiteSpace(l))];
                        if (list.Count == 0)
                        {
                            fields.Problem("path", $"'{relative}' has no prompts (one per line)");
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        fields.Problem("path", $"cannot read '{relative}' ({e.Message})");
                    }
                }

                break;
            case "inline":
                if (fields.Array("items", required: true) is { } items)
                {
                    if (items.Count == 0 || items.Any(i => i.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(i.GetString())))
                    {
                        fields.Problem("items", "expected a non-empty array of non-empty strings");
                    }
                    else
                    {
                        list = [.. items.Select(i => i.GetString()!)];
                    }
                }

                break;
            case null:
                break;
            default:
                fields.Problem("source", $"'{source}' is not a prompt source (synthetic, file or inline)");
                break;
        }

        fields.RejectUnknown();
        if (list is { Count: > 0 })
        {
            feed = order == "random" ? PromptFeed.Random(list, seed) : PromptFeed.Circular(list);
        }

        return feed;
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(JsonFields root)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var element = root.Get("headers");
        if (element is not { } value)
        {
            return headers;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            root.Problem("headers", "expected an object of header names to string values");
            return headers;
        }

        foreach (var header in value.EnumerateObject())
        {
            if (s_credentialHeaders.Contains(header.Name))
            {
                root.Problem($"headers.{header.Name}", "credentials never go in a scenario file; set ROSTRO_TOKEN");
            }
            else if (header.Value.ValueKind != JsonValueKind.String)
            {
                root.Problem($"headers.{header.Name}", "expected a string");
            }
            else
            {
                headers.Add(new(header.Name, header.Value.GetString()!));
            }
        }

        return headers;
    }

    private static LoadModel? ReadLoad(JsonFields? load)
    {
        if (load is null)
        {
            return null;
        }

        var type = load.String("type", required: true);
        LoadModel? model = null;
        switch (type)
        {
            case "constant":
                model = load.Number("rate", 0, 1_000_000, required: true, exclusiveMin: true) is { } rate ? new ConstantRate(rate) : null;
                break;
            case "poisson":
                var seed = load.Integer("seed", 0, int.MaxValue) ?? 1;
                model = load.Number("rate", 0, 1_000_000, required: true, exclusiveMin: true) is { } mean ? new PoissonRate(mean, seed) : null;
                break;
            case "ramp":
                var from = load.Number("from", 0, 1_000_000, required: true);
                var to = load.Number("to", 0, 1_000_000, required: true);
                if (from is { } a && to is { } b)
                {
                    model = a == 0 && b == 0 ? null : new RampRate(a, b);
                    if (model is null)
                    {
                        load.Problem("to", "a ramp from 0 to 0 sends nothing");
                    }
                }

                break;
            case "steps":
                model = ReadSteps(load);
                break;
            case "closed":
                model = load.Integer("concurrency", 1, 100_000, required: true) is { } concurrency ? new ClosedLoad(concurrency) : null;
                break;
            case null:
                break;
            default:
                load.Problem("type", $"'{type}' is not a load model ({string.Join(", ", s_loadTypes)})");
                break;
        }

        load.RejectUnknown();
        return model;
    }

    private static StepRates? ReadSteps(JsonFields load)
    {
        var items = load.Array("steps", required: true);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            load.Problem("steps", "expected at least one step");
            return null;
        }

        var steps = new List<RateStep>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.Object)
            {
                load.Problem($"steps[{i}]", "expected an object {\"rate\": ..., \"duration\": ...}");
                continue;
            }

            var step = load.Child(items[i], $"steps[{i}]");
            var rate = step.Number("rate", 0, 1_000_000, required: true);
            var duration = step.Duration("duration", required: true);
            step.RejectUnknown();
            if (rate is { } r && duration is { } d)
            {
                steps.Add(new RateStep(r, d));
            }
        }

        return steps.Count == items.Count ? new StepRates(steps) : null;
    }

    private static List<Threshold> ReadThresholds(JsonFields root)
    {
        var thresholds = new List<Threshold>();
        if (root.Array("thresholds") is not { } items)
        {
            return thresholds;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.String)
            {
                root.Problem($"thresholds[{i}]", "expected a string such as \"ttft_ms.p95 < 800\"");
            }
            else if (!Threshold.TryParse(items[i].GetString(), out var threshold, out var error))
            {
                root.Problem($"thresholds[{i}]", error);
            }
            else
            {
                thresholds.Add(threshold);
            }
        }

        return thresholds;
    }

    private static LoadStep Step(RouteRequest request, PromptFeed prompts, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (request.Template is null)
        {
            var get = new CompletionRequest(HttpMethod.Get, request.Path, null, Stream: false, IsCompletion: false) { Headers = headers };
            return context => new ValueTask(context.SendAsync(get));
        }

        return context =>
        {
            var body = System.Text.Encoding.UTF8.GetBytes(request.Body(prompts.Next(context.Arrival.Index)).ToJsonString());
            return new ValueTask(context.SendAsync(new CompletionRequest(HttpMethod.Post, request.Path, body, request.Stream) { Headers = headers }));
        };
    }

    // The request a file scenario sends: its path, and for a POST the body with the prompt left to fill in.
    private sealed class RouteRequest(string path, bool chat, JsonObject? template, bool stream)
    {
        public string Path { get; } = path;

        public bool Stream { get; } = stream;

        public JsonObject? Template { get; } = template;

        public JsonObject Body(string prompt)
        {
            var body = (JsonObject)Template!.DeepClone();
            if (chat)
            {
                body["messages"]![0]!["content"] = prompt;
            }
            else
            {
                body["prompt"] = prompt;
            }

            return body;
        }
    }
}
