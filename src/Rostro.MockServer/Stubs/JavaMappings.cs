using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Rostro.MockServer.Errors;
using WireMock.Admin.Mappings;
using OrgMapping = WireMock.Org.Abstractions.Mapping;

namespace Rostro.MockServer.Stubs;

/// <summary>Java WireMock's mappings (wiremock.org's form) in WireMock.Net's model: the one place the mock translates them, field by field.</summary>
/// <remarks>
/// <para>
/// Read with WireMock.Org.Abstractions' model of the form (WireMock.Net's own); translated here rather than by WireMock.Net's
/// importer (<c>ReadStaticWireMockOrgMappingAndAddOrUpdate</c>), which in 2.21.0 turns <c>contains</c> into a wildcard that
/// matches only the exact text, drops <c>absent</c> matchers, every body pattern but the first, <c>priority</c>,
/// <c>fixedDelayMilliseconds</c>, <c>fault</c> and the scenario fields, and does all of it without a word.
/// </para>
/// <para>
/// What Java WireMock means is kept: <c>url</c> and <c>urlPattern</c> match the whole path and query, <c>urlPath</c> and
/// <c>urlPathPattern</c> the whole path (<c>matches</c> is anchored, <c>contains</c> is literal), every body pattern must
/// match, <c>"Started"</c> is a scenario's start state, and a mapping without <c>newScenarioState</c> leaves the state
/// where it is. What WireMock.Net cannot do, or what the mock does not do (read files, proxy, call out), is refused at its
/// <c>loc</c>, never dropped.
/// </para>
/// </remarks>
internal static class JavaMappings
{
    private const string Exact = "ExactMatcher";
    private const string Regex = "RegexMatcher";
    private const string Wildcard = "WildcardMatcher";
    private const string StartState = "Started";

    /// <summary>Java WireMock's priority for a mapping that gives none.</summary>
    public const int JavaDefaultPriority = 5;

    private static readonly JsonSerializer s_reader = JsonSerializer.Create(new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None, MaxDepth = 64 });

    /// <summary>The state every Java WireMock scenario starts in.</summary>
    public static string ScenarioStart => StartState;

    /// <summary>The mapping in WireMock.Net's model, or null with the reasons added to <paramref name="problems"/>.</summary>
    /// <param name="json">One Java-form mapping object (its property names checked by <see cref="StubForms.CheckJava"/>).</param>
    /// <param name="at">Its <c>loc</c>.</param>
    /// <param name="problems">Where each problem goes.</param>
    public static MappingModel? Translate(JObject json, object[] at, List<ValidationDetail> problems)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        OrgMapping? mapping;
        try
        {
            mapping = json.ToObject<OrgMapping>(s_reader);
        }
        catch (JsonException e)
        {
            problems.Add(new ValidationDetail(at, $"Not a Java WireMock mapping: {e.Message}", "value_error"));
            return null;
        }

        if (mapping is null)
        {
            return null;
        }

        foreach (var (part, loc) in new[] { (json, at), (json["request"] as JObject, [.. at, "request"]), (json["response"] as JObject, (object[])[.. at, "response"]) })
        {
            foreach (var property in part?.Properties().Where(p => StubForms.IsUnsupportedJava(p.Name)) ?? [])
            {
                problems.Add(new ValidationDetail([.. loc, property.Name], $"The mock does not take Java WireMock's {property.Name} (WireMock.Net, which answers its stubs, has no such thing)", "value_error"));
            }
        }

        RequestModel? request = null;
        if (json["request"] is JObject requestJson)
        {
            request = Request(requestJson, [.. at, "request"], problems);
        }
        else
        {
            problems.Add(new ValidationDetail([.. at, "request"], "Field required", "missing"));
        }

        ResponseModel? response = null;
        if (json["response"] is JObject responseJson)
        {
            response = Response(responseJson, mapping.Response!, [.. at, "response"], problems);
        }
        else
        {
            problems.Add(new ValidationDetail([.. at, "response"], "Field required", "missing"));
        }

        ReadsOrCalls(json, "postServeActions", at, problems, "a webhook");
        if (request is null || response is null)
        {
            return null;
        }

        var model = new MappingModel
        {
            Guid = MappingId(json, at, problems),
            Title = mapping.Name,
            // Java WireMock's default priority is 5 (a lower number wins; WireMock.Net's default is 0).
            Priority = json.ContainsKey("priority") ? mapping.Priority : JavaDefaultPriority,
            // Kept, so that the understood mapping says what the given one did (the matchesEverything opt-in among it).
            Data = json["metadata"],
            Request = request,
            Response = response,
        };
        Scenario(json, mapping, model, at, problems);
        return problems.Count == before ? model : null;
    }

    private static Guid? MappingId(JObject json, object[] at, List<ValidationDetail> problems)
    {
        Guid? id = null;
        foreach (var name in new[] { "uuid", "id" })
        {
            if (json[name] is not { } value)
            {
                continue;
            }

            if (value.Type != JTokenType.String || !Guid.TryParse(value.Value<string>(), out var parsed))
            {
                problems.Add(new ValidationDetail([.. at, name], "Input should be a UUID", "uuid_parsing"));
            }
            else if (id is { } other && other != parsed)
            {
                problems.Add(new ValidationDetail([.. at, name], $"id and uuid name two different mappings ({other}, {parsed})", "value_error"));
            }
            else
            {
                id = parsed;
            }
        }

        return id;
    }

    private static void Scenario(JObject json, OrgMapping mapping, MappingModel model, object[] at, List<ValidationDetail> problems)
    {
        if (mapping.ScenarioName is null)
        {
            foreach (var name in new[] { "requiredScenarioState", "newScenarioState" })
            {
                if (json.ContainsKey(name))
                {
                    problems.Add(new ValidationDetail([.. at, name], $"{name} needs scenarioName", "value_error"));
                }
            }

            return;
        }

        if (mapping.RequiredScenarioState is null)
        {
            // Java WireMock then matches in every state; WireMock.Net matches a scenario's mappings by state only.
            problems.Add(new ValidationDetail([.. at, "requiredScenarioState"], $"A scenario's mapping needs the state it answers in (\"{StartState}\" for the first); WireMock.Net cannot match in every state", "missing"));
            return;
        }

        // "Started" stays a state of its own (UserStubs puts a new scenario in it, as Java WireMock starts one there); a
        // mapping without a new state leaves the scenario where it is.
        model.Scenario = mapping.ScenarioName;
        model.WhenStateIs = mapping.RequiredScenarioState;
        model.SetStateTo = mapping.NewScenarioState ?? mapping.RequiredScenarioState;
    }

    private static RequestModel Request(JObject request, object[] at, List<ValidationDetail> problems)
    {
        var model = new RequestModel();
        if (request["method"] is { } method)
        {
            if (method.Type != JTokenType.String)
            {
                problems.Add(new ValidationDetail([.. at, "method"], "Input should be a valid string", "string_type"));
            }
            else if (method.Value<string>() is { } verb && !string.Equals(verb, "ANY", StringComparison.OrdinalIgnoreCase))
            {
                model.Methods = [verb.ToUpperInvariant()];
            }
        }

        var urls = new[] { "url", "urlPattern", "urlPath", "urlPathPattern", "urlPathTemplate" }.Where(request.ContainsKey).ToList();
        if (urls.Count > 1)
        {
            problems.Add(new ValidationDetail([.. at, urls[1]], $"Give one of url, urlPattern, urlPath, urlPathPattern and urlPathTemplate, not {string.Join(" and ", urls)}", "value_error"));
        }
        else if (urls is [var urlKind])
        {
            if (Text(request, urlKind, at, problems) is { } url)
            {
                // WireMock.Net's Url is the whole absolute URL (scheme and host too) as Uri.ToString() writes it, its Path the
                // decoded path; Java WireMock's are the path and query as sent. Literal URLs are read the way WireMock.Net
                // reads requests (so "%20" meets " "), patterns are anchored (a ^ or $ of their own is taken as meant).
                var matcher = urlKind switch
                {
                    "url" => new MatcherModel { Name = Regex, Pattern = $"^[a-z]+://[^/]+{System.Text.RegularExpressions.Regex.Escape(AsWireMockNetUrl(url))}$" },
                    "urlPattern" => new MatcherModel { Name = Regex, Pattern = $"^[a-z]+://[^/]+(?:{Unanchored(url)})$" },
                    "urlPath" => new MatcherModel { Name = Exact, Pattern = System.Net.WebUtility.UrlDecode(url) },
                    "urlPathTemplate" => new MatcherModel { Name = Regex, Pattern = "^" + string.Concat(url.Split('/').Skip(1).Select(s => "/" + (s.Length > 2 && s[0] == '{' && s[^1] == '}' ? "[^/]+" : System.Text.RegularExpressions.Regex.Escape(System.Net.WebUtility.UrlDecode(s))))) + "$" },
                    _ => new MatcherModel { Name = Regex, Pattern = $"^(?:{Unanchored(url)})$" },
                };
                if (urlKind is "url" or "urlPattern")
                {
                    model.Url = new UrlModel { Matchers = [matcher] };
                }
                else
                {
                    model.Path = new PathModel { Matchers = [matcher] };
                }
            }
        }

        var headers = Named(request, "headers", at, problems, isHeader: true).Select(h => new HeaderModel { Name = h.Name, IgnoreCase = true, Matchers = [.. h.Matchers], RejectOnMatch = h.Absent }).ToList();
        if (request["basicAuthCredentials"] is { } credentials)
        {
            if (credentials is JObject { } pair && pair["username"]?.Type == JTokenType.String && pair["password"]?.Type == JTokenType.String)
            {
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{pair["username"]}:{pair["password"]}"));
                headers.Add(new HeaderModel { Name = "Authorization", IgnoreCase = true, Matchers = [new MatcherModel { Name = Exact, Pattern = $"Basic {token}" }] });
            }
            else
            {
                problems.Add(new ValidationDetail([.. at, "basicAuthCredentials"], "Input should be an object with a username and a password", "dict_type"));
            }
        }

        model.Headers = headers.Count > 0 ? headers : null;
        var cookies = Named(request, "cookies", at, problems, isHeader: true).Select(c => new CookieModel { Name = c.Name, Matchers = [.. c.Matchers], RejectOnMatch = c.Absent }).ToList();
        model.Cookies = cookies.Count > 0 ? cookies : null;
        var query = Named(request, "queryParameters", at, problems, isHeader: false).Select(p => new ParamModel { Name = p.Name, Matchers = [.. p.Matchers] }).ToList();
        model.Params = query.Count > 0 ? query : null;

        if (request["bodyPatterns"] is { } patterns)
        {
            if (patterns is not JArray list)
            {
                problems.Add(new ValidationDetail([.. at, "bodyPatterns"], "Input should be a valid list", "list_type"));
            }
            else
            {
                var matchers = new List<MatcherModel>();
                for (var i = 0; i < list.Count; i++)
                {
                    if (BodyMatcher(list[i], [.. at, "bodyPatterns", i], problems) is { } matcher)
                    {
                        matchers.Add(matcher);
                    }
                }

                model.Body = matchers.Count > 0 ? new BodyModel { Matchers = [.. matchers], MatchOperator = "And" } : null;
            }
        }

        return model;
    }

    // headers, cookies or queryParameters: { "name": { "<matcher>": value, ... } }.
    private static IEnumerable<(string Name, List<MatcherModel> Matchers, bool? Absent)> Named(JObject request, string field, object[] at, List<ValidationDetail> problems, bool isHeader)
    {
        if (request[field] is not { } value)
        {
            yield break;
        }

        if (value is not JObject named)
        {
            problems.Add(new ValidationDetail([.. at, field], "Input should be an object of names and matchers", "dict_type"));
            yield break;
        }

        foreach (var property in named.Properties())
        {
            object[] loc = [.. at, field, property.Name];
            if (property.Value is not JObject matcher)
            {
                problems.Add(new ValidationDetail(loc, "Input should be a matcher object, such as {\"equalTo\": \"...\"}", "dict_type"));
                continue;
            }

            if (matcher["absent"] is { Type: JTokenType.Boolean } absent && matcher.Count == 1)
            {
                if (absent.Value<bool>() && !isHeader)
                {
                    // WireMock.Net 2.21.0 reads a query parameter's RejectOnMatch from no mapping: it cannot say "absent".
                    problems.Add(new ValidationDetail([.. loc, "absent"], "WireMock.Net's mapping model cannot require a query parameter to be absent; match the URL instead (urlPattern)", "value_error"));
                    continue;
                }

                // Absent: an entry that rejects on match (a missing one then matches), with a matcher that rejects any value.
                yield return absent.Value<bool>()
                    ? (property.Name, [new MatcherModel { Name = Wildcard, Pattern = "*", RejectOnMatch = true }], true)
                    : (property.Name, [new MatcherModel { Name = Wildcard, Pattern = "*" }], null);
                continue;
            }

            if (StringMatcher(matcher, loc, problems, isHeader ? "header" : "query parameter") is { } one)
            {
                yield return (property.Name, [one], null);
            }
        }
    }

    // equalTo (with caseInsensitive), contains, doesNotContain, matches, doesNotMatch: Java WireMock's meanings.
    private static MatcherModel? StringMatcher(JObject matcher, object[] at, List<ValidationDetail> problems, string what)
    {
        var kinds = matcher.Properties().Where(p => p.Name != "caseInsensitive").ToList();
        if (kinds is not [var kind])
        {
            problems.Add(new ValidationDetail(at, $"A {what} matcher takes one of equalTo, contains, doesNotContain, matches, doesNotMatch, absent", "value_error"));
            return null;
        }

        if (kind.Value.Type != JTokenType.String)
        {
            problems.Add(new ValidationDetail([.. at, kind.Name], "Input should be a valid string", "string_type"));
            return null;
        }

        var text = kind.Value.Value<string>()!;
        var ignoreCase = matcher["caseInsensitive"]?.Type == JTokenType.Boolean && matcher["caseInsensitive"]!.Value<bool>() ? true : (bool?)null;
        if (ignoreCase is true && kind.Name != "equalTo")
        {
            problems.Add(new ValidationDetail([.. at, "caseInsensitive"], "caseInsensitive goes with equalTo", "value_error"));
            return null;
        }

        switch (kind.Name)
        {
            case "equalTo":
                return new MatcherModel { Name = Exact, Pattern = text, IgnoreCase = ignoreCase };
            case "contains":
                return new MatcherModel { Name = Regex, Pattern = System.Text.RegularExpressions.Regex.Escape(text) };
            case "doesNotContain":
                return new MatcherModel { Name = Regex, Pattern = System.Text.RegularExpressions.Regex.Escape(text), RejectOnMatch = true };
            case "matches":
                return Anchored(text, reject: false);
            case "doesNotMatch":
                return Anchored(text, reject: true);
            default:
                problems.Add(new ValidationDetail([.. at, kind.Name], $"The mock does not take Java WireMock's {kind.Name} matcher here; it takes equalTo, contains, doesNotContain, matches, doesNotMatch, absent", "value_error"));
                return null;
        }

        MatcherModel? Anchored(string pattern, bool reject)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                problems.Add(new ValidationDetail([.. at, kind.Name], $"Not a valid regular expression: {e.Message}", "value_error"));
                return null;
            }

            return new MatcherModel { Name = Regex, Pattern = $"^(?:{pattern})$", RejectOnMatch = reject ? true : null };
        }
    }

    private static MatcherModel? BodyMatcher(JToken pattern, object[] at, List<ValidationDetail> problems)
    {
        if (pattern is not JObject matcher)
        {
            problems.Add(new ValidationDetail(at, "Input should be a body pattern object, such as {\"equalToJson\": {...}}", "dict_type"));
            return null;
        }

        if (matcher["equalToJson"] is { } json)
        {
            var unknown = matcher.Properties().Select(p => p.Name).Except(["equalToJson", "ignoreExtraElements", "ignoreArrayOrder"]).FirstOrDefault();
            if (unknown is not null)
            {
                problems.Add(new ValidationDetail([.. at, unknown], "equalToJson goes with ignoreExtraElements and ignoreArrayOrder only", "extra_forbidden"));
                return null;
            }

            if (matcher["ignoreArrayOrder"] is { Type: JTokenType.Boolean } order && order.Value<bool>())
            {
                problems.Add(new ValidationDetail([.. at, "ignoreArrayOrder"], "WireMock.Net's JSON matchers compare arrays in order", "value_error"));
                return null;
            }

            JToken expected;
            try
            {
                expected = json.Type == JTokenType.String ? JToken.Parse(json.Value<string>()!) : json;
            }
            catch (JsonException e)
            {
                problems.Add(new ValidationDetail([.. at, "equalToJson"], $"Not JSON: {e.Message}", "json_invalid"));
                return null;
            }

            var partial = matcher["ignoreExtraElements"] is { Type: JTokenType.Boolean } extra && extra.Value<bool>();
            return new MatcherModel { Name = partial ? "JsonPartialMatcher" : "JsonMatcher", Pattern = expected };
        }

        if (matcher["matchesJsonPath"] is { } path)
        {
            if (path.Type != JTokenType.String || matcher.Count != 1)
            {
                problems.Add(new ValidationDetail([.. at, "matchesJsonPath"], "The mock takes matchesJsonPath as one JSONPath expression (a string)", "value_error"));
                return null;
            }

            return new MatcherModel { Name = "JsonPathMatcher", Pattern = path.Value<string>() };
        }

        return StringMatcher(matcher, at, problems, "body");
    }

    private static ResponseModel Response(JObject response, WireMock.Org.Abstractions.MappingsResponse typed, object[] at, List<ValidationDetail> problems)
    {
        var model = new ResponseModel { StatusCode = response.ContainsKey("status") ? typed.Status : 200 };
        ReadsOrCalls(response, "bodyFileName", at, problems, "a body read from a file");
        ReadsOrCalls(response, "proxyBaseUrl", at, problems, "a proxy");
        ReadsOrCalls(response, "additionalProxyRequestHeaders", at, problems, "a proxy");
        Refuse(response, "statusMessage", at, problems, "a reason phrase: WireMock.Net's answers have none");
        Refuse(response, "transformerParameters", at, problems, "WireMock.Net's templating takes no parameters");
        Refuse(response, "fromConfiguredStub", at, problems, "a recording's marker: the mock records nothing");

        if (response["headers"] is { } headers)
        {
            if (headers is JObject named && named.Properties().All(p => p.Value.Type == JTokenType.String || p.Value is JArray values && values.All(v => v.Type == JTokenType.String)))
            {
                model.Headers = named.Properties().ToDictionary(p => p.Name, p => p.Value is JArray values ? (object)values.Select(v => v.Value<string>()!).ToArray() : p.Value.Value<string>()!);
            }
            else
            {
                problems.Add(new ValidationDetail([.. at, "headers"], "Input should be an object of header names and strings (or lists of strings)", "dict_type"));
            }
        }

        var bodies = new[] { "body", "jsonBody", "base64Body" }.Where(response.ContainsKey).ToList();
        if (bodies.Count > 1)
        {
            problems.Add(new ValidationDetail([.. at, bodies[1]], $"Give one of body, jsonBody and base64Body, not {string.Join(" and ", bodies)}", "value_error"));
        }
        else if (bodies is ["body"])
        {
            model.Body = Text(response, "body", at, problems);
        }
        else if (bodies is ["jsonBody"])
        {
            model.BodyAsJson = response["jsonBody"];
        }
        else if (bodies is ["base64Body"] && Text(response, "base64Body", at, problems) is { } base64)
        {
            try
            {
                model.BodyAsBytes = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                problems.Add(new ValidationDetail([.. at, "base64Body"], "Input should be base64", "value_error"));
            }
        }

        if (response.ContainsKey("fixedDelayMilliseconds"))
        {
            model.Delay = typed.FixedDelayMilliseconds;
        }

        if (response.ContainsKey("delayDistribution") && response.ContainsKey("fixedDelayMilliseconds"))
        {
            problems.Add(new ValidationDetail([.. at, "delayDistribution"], "Give fixedDelayMilliseconds or delayDistribution, not both: WireMock.Net would wait the fixed delay only", "value_error"));
        }
        else if (response["delayDistribution"] is { } distribution)
        {
            if (distribution is JObject { } uniform && uniform["type"]?.Value<string>() == "uniform" && uniform["lower"]?.Type == JTokenType.Integer && uniform["upper"]?.Type == JTokenType.Integer)
            {
                model.MinimumRandomDelay = uniform["lower"]!.Value<int>();
                model.MaximumRandomDelay = uniform["upper"]!.Value<int>();
            }
            else
            {
                problems.Add(new ValidationDetail([.. at, "delayDistribution"], "WireMock.Net takes a uniform delay only: {\"type\": \"uniform\", \"lower\": ms, \"upper\": ms}", "value_error"));
            }
        }

        if (typed.Fault is { } fault)
        {
            if (fault is "EMPTY_RESPONSE" or "MALFORMED_RESPONSE_CHUNK")
            {
                model.Fault = new FaultModel { Type = fault };
            }
            else
            {
                problems.Add(new ValidationDetail([.. at, "fault"], $"WireMock.Net has the faults EMPTY_RESPONSE and MALFORMED_RESPONSE_CHUNK, not {fault}", "value_error"));
            }
        }

        if (typed.Transformers is { } transformers)
        {
            if (transformers is ["response-template"])
            {
                // WireMock.Net's Handlebars: {{request.path}}, {{request.query.x}}, {{request.headers.X}} and jsonPath read as in Java WireMock.
                model.UseTransformer = true;
                model.TransformerType = "Handlebars";
            }
            else
            {
                problems.Add(new ValidationDetail([.. at, "transformers"], "The mock takes the one transformer [\"response-template\"] (WireMock.Net's Handlebars templating)", "value_error"));
            }
        }

        return model;
    }

    // A path and query as WireMock.Net's request model writes it (Uri.ToString(): some escapes decoded).
    private static string AsWireMockNetUrl(string url) =>
        Uri.TryCreate("http://h" + (url.StartsWith('/') ? url : "/" + url), UriKind.Absolute, out var uri) ? uri.ToString()["http://h".Length..] : url;

    // A Java pattern is matched whole: an anchor of its own would stand inside ours.
    private static string Unanchored(string pattern) =>
        pattern.StartsWith('^') ? Unanchored(pattern[1..]) : pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal) ? pattern[..^1] : pattern;

    private static string? Text(JObject json, string name, object[] at, List<ValidationDetail> problems)
    {
        if (json[name] is { Type: JTokenType.String } value)
        {
            return value.Value<string>();
        }

        problems.Add(new ValidationDetail([.. at, name], "Input should be a valid string", "string_type"));
        return null;
    }

    // What would make the mock read a file or call out: refused in both forms' words (StubRules.NoFileNoCall).
    private static void ReadsOrCalls(JObject json, string name, object[] at, List<ValidationDetail> problems, string what)
    {
        if (json.ContainsKey(name))
        {
            problems.Add(StubRules.NoFileNoCall([.. at, name], what));
        }
    }

    private static void Refuse(JObject json, string name, object[] at, List<ValidationDetail> problems, string why)
    {
        if (json.ContainsKey(name))
        {
            problems.Add(new ValidationDetail([.. at, name], $"The mock does not take {name}: {why}", "value_error"));
        }
    }
}
