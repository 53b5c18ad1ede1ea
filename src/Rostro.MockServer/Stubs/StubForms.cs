using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using Rostro.MockServer.Errors;
using WireMock.Admin.Mappings;
using OrgMapping = WireMock.Org.Abstractions.Mapping;
using OrgRequest = WireMock.Org.Abstractions.MappingsRequest;
using OrgResponse = WireMock.Org.Abstractions.MappingsResponse;

namespace Rostro.MockServer.Stubs;

/// <summary>The two forms a mapping may be written in.</summary>
internal enum StubForm
{
    /// <summary>WireMock.Net's (<c>Request.Path</c>, <c>Methods</c>, <c>Response.StatusCode</c>, <c>BodyAsJson</c>, ...; names in any case, as WireMock.Net reads them).</summary>
    WireMockNet,

    /// <summary>Java WireMock's, wiremock.org's (<c>request.method</c>, <c>urlPath</c>, <c>response.status</c>, <c>jsonBody</c>, ...; names as written there, case and all).</summary>
    JavaWireMock,
}

/// <summary>Which form a mapping is in, and every property it has that its form does not know: the one place both forms' vocabularies live.</summary>
/// <remarks>
/// <para>
/// The vocabularies are the forms' own models: WireMock.Net's <see cref="MappingModel"/> as Newtonsoft (WireMock.Net's
/// JSON library) reads it, walked to every nested model (matchers included), and WireMock.Org.Abstractions' model of
/// Java WireMock's mappings, its names camel-cased as Java WireMock writes them.
/// </para>
/// <para>
/// A mapping is in the form whose own names it uses more: a name counts for Java WireMock when that form has it exactly
/// and WireMock.Net has no property of that name in any case (<c>urlPath</c>, <c>status</c>, <c>jsonBody</c>), and for
/// WireMock.Net the other way round (<c>Path</c>, <c>StatusCode</c>, <c>BodyAsJson</c>); with neither (only names both
/// forms share, such as <c>request</c>, <c>url</c>, <c>headers</c>, <c>body</c>), <c>Request</c> written with a capital
/// means WireMock.Net's form, and anything else Java WireMock's.
/// </para>
/// </remarks>
internal static class StubForms
{
    private static readonly DefaultContractResolver s_resolver = new();

    // Properties typed object in WireMock.Net's model that hold one of its models when they hold an object.
    private static readonly Dictionary<(Type, string), Type> s_objectModels = new()
    {
        [(typeof(RequestModel), nameof(RequestModel.Path))] = typeof(PathModel),
        [(typeof(RequestModel), nameof(RequestModel.Url))] = typeof(UrlModel),
        [(typeof(RequestModel), nameof(RequestModel.ClientIP))] = typeof(ClientIPModel),
    };

    // Java WireMock's names (its model's, camel-cased, and what its exports and version 3 add), at each level of a mapping.
    private static readonly HashSet<string> s_javaMapping = JavaNames(typeof(OrgMapping), "insertionIndex", "serveEventListeners");
    private static readonly HashSet<string> s_javaRequest = JavaNames(typeof(OrgRequest), "urlPathTemplate", "pathParameters", "formParameters", "multipartPatterns", "host", "port", "scheme", "clientIp", "customMatcher");
    private static readonly HashSet<string> s_javaResponse = JavaNames(typeof(OrgResponse), "chunkedDribbleDelay");

    // Java WireMock's names the mock knows and cannot honour: refused as such (JavaMappings), not as unknown.
    private static readonly HashSet<string> s_javaUnsupported = new(StringComparer.Ordinal)
    {
        "serveEventListeners", "pathParameters", "formParameters", "multipartPatterns", "host", "port", "scheme", "clientIp",
        "customMatcher", "chunkedDribbleDelay",
    };

    /// <summary>Whether a Java WireMock property is one the mock knows but cannot honour (see <see cref="JavaMappings"/>).</summary>
    public static bool IsUnsupportedJava(string name) => s_javaUnsupported.Contains(name);

    // The same thing under the other form's name, for "did you mean": Java WireMock's → WireMock.Net's.
    private static readonly Dictionary<string, string> s_javaToNet = new(StringComparer.Ordinal)
    {
        ["id"] = "Guid", ["uuid"] = "Guid", ["name"] = "Title", ["scenarioName"] = "Scenario",
        ["requiredScenarioState"] = "WhenStateIs", ["newScenarioState"] = "SetStateTo", ["metadata"] = "Data",
        ["method"] = "Methods", ["urlPath"] = "Path", ["urlPathPattern"] = "Path", ["urlPattern"] = "Url",
        ["queryParameters"] = "Params", ["bodyPatterns"] = "Body", ["status"] = "StatusCode", ["jsonBody"] = "BodyAsJson",
        ["base64Body"] = "BodyAsBytes", ["fixedDelayMilliseconds"] = "Delay", ["fault"] = "Fault",
        ["bodyFileName"] = "BodyAsFile", ["proxyBaseUrl"] = "ProxyUrl", ["transformers"] = "UseTransformer",
    };

    // And WireMock.Net's → Java WireMock's: the same pairs read the other way ("Path" → "urlPath or urlPathPattern").
    private static readonly Dictionary<string, string> s_netToJava = s_javaToNet
        .GroupBy(p => p.Value, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => string.Join(" or ", g.Select(p => p.Key)), StringComparer.OrdinalIgnoreCase);

    /// <summary>The display name of a form, as problems and <c>GET /__admin/mappings</c> say it.</summary>
    public static string Name(StubForm form) => form == StubForm.JavaWireMock ? "Java WireMock" : "WireMock.Net";

    /// <summary>Which form one mapping object is in.</summary>
    public static StubForm Detect(JObject mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var java = 0;
        var net = 0;
        Count(mapping, s_javaMapping, typeof(MappingModel));
        foreach (var (name, model, javaNames) in new[] { ("request", typeof(RequestModel), s_javaRequest), ("response", typeof(ResponseModel), s_javaResponse) })
        {
            if (Child(mapping, name) is JObject part)
            {
                Count(part, javaNames, model);
            }
        }

        if (java != net)
        {
            return java > net ? StubForm.JavaWireMock : StubForm.WireMockNet;
        }

        return mapping.Property("Request", StringComparison.Ordinal) is not null || mapping.Property("Response", StringComparison.Ordinal) is not null
            ? StubForm.WireMockNet
            : StubForm.JavaWireMock;

        void Count(JObject part, HashSet<string> javaNames, Type netModel)
        {
            foreach (var property in part.Properties())
            {
                var inJava = javaNames.Contains(property.Name);
                var inNet = NetProperty(netModel, property.Name) is not null;
                java += inJava && !inNet ? 1 : 0;
                net += inNet && !inJava ? 1 : 0;
            }
        }
    }

    /// <summary>Every property of a WireMock.Net-form mapping that WireMock.Net's model does not have, at its <c>loc</c>, with the name it probably meant.</summary>
    public static void CheckNet(JObject mapping, object[] at, List<ValidationDetail> problems)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Walk(mapping, typeof(MappingModel), at, problems);
        if (mapping.Property(StubSource.Echo, StringComparison.OrdinalIgnoreCase) is { } echo)
        {
            // What a GET adds (the form and the mapping as given) is no part of the mapping: posted back, it is left out.
            problems.RemoveAll(p => p.Loc.Count == at.Length + 1 && Equals(p.Loc[^1], echo.Name));
        }
    }

    /// <summary>Every property of a Java-form object (the mapping, its request or its response) that Java WireMock's model does not have.</summary>
    public static void CheckJava(JObject part, string level, object[] at, List<ValidationDetail> problems)
    {
        ArgumentNullException.ThrowIfNull(part);
        var names = level switch { "request" => s_javaRequest, "response" => s_javaResponse, _ => s_javaMapping };
        foreach (var property in part.Properties())
        {
            if (names.Contains(property.Name))
            {
                continue;
            }

            var hint = names.FirstOrDefault(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase))
                ?? (s_netToJava.TryGetValue(property.Name, out var java) ? java : Closest(property.Name, names));
            problems.Add(Unknown([.. at, property.Name], property.Name, StubForm.JavaWireMock, hint));
        }
    }

    /// <summary>A property of a mapping, found by any case (as WireMock.Net reads it).</summary>
    public static JToken? Child(JObject mapping, string name) =>
        mapping.Property(name, StringComparison.OrdinalIgnoreCase)?.Value;

    private static void Walk(JObject json, Type model, object[] at, List<ValidationDetail> problems)
    {
        foreach (var property in json.Properties())
        {
            object[] loc = [.. at, property.Name];
            if (NetProperty(model, property.Name) is not { } known)
            {
                var hint = s_javaToNet.TryGetValue(property.Name, out var net) ? net : Closest(property.Name, NetNames(model));
                problems.Add(Unknown(loc, property.Name, StubForm.WireMockNet, hint));
                continue;
            }

            if (model == typeof(MatcherModel) && known.UnderlyingName == nameof(MatcherModel.PatternAsFile))
            {
                problems.Add(StubRules.NoFileNoCall(loc, "a matcher's pattern read from a file"));
                continue;
            }

            var type = s_objectModels.TryGetValue((model, known.UnderlyingName!), out var alternative) ? alternative : known.PropertyType!;
            if (property.Value is JObject child && ModelOf(type) is { } childModel)
            {
                Walk(child, childModel, loc, problems);
            }
            else if (property.Value is JArray items && ElementOf(type) is { } element && ModelOf(element) is { } elementModel)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JObject item)
                    {
                        Walk(item, elementModel, [.. loc, i], problems);
                    }
                }
            }
        }
    }

    // A WireMock.Net model type (one of its own classes), or null for strings, numbers, free objects and dictionaries.
    private static Type? ModelOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsClass && type != typeof(string) && type != typeof(object) && s_resolver.ResolveContract(type) is JsonObjectContract ? type : null;
    }

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element
        : null;

    private static JsonProperty? NetProperty(Type model, string name) =>
        s_resolver.ResolveContract(model) is JsonObjectContract contract ? contract.Properties.GetClosestMatchProperty(name) : null;

    private static IEnumerable<string> NetNames(Type model) =>
        s_resolver.ResolveContract(model) is JsonObjectContract contract ? contract.Properties.Select(p => p.PropertyName!) : [];

    private static HashSet<string> JavaNames(Type model, params string[] more) =>
        new(model.GetProperties().Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).Concat(more), StringComparer.Ordinal);

    private static ValidationDetail Unknown(object[] loc, string name, StubForm form, string? hint)
    {
        var meant = hint is null ? string.Empty : $"; did you mean {hint}?";
        return new ValidationDetail(loc, $"{Name(form)}'s mapping form (which this mapping is read in) has no property {name}{meant}", "extra_forbidden");
    }

    // The known name nearest to an unknown one (at most two edits, in any case), or null.
    private static string? Closest(string name, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
