using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Rostro.MockServer.Errors;
using WireMock.Admin.Mappings;

namespace Rostro.MockServer.Stubs;

/// <summary>What the mock accepts as a stub: WireMock.Net mapping JSON (one mapping or an array), read with WireMock.Net's own model, within bounds.</summary>
/// <remarks>
/// Every way in goes through <see cref="Check"/>: <c>POST</c> and <c>PUT /__admin/mappings</c> and the <c>--mappings</c> files.
/// Refused, because the mock reads no file and calls no one on a request's behalf (run WireMock itself for those, see the
/// README): a proxy (<c>Response.ProxyUrl</c>, <c>Response.WebProxy</c>), a body from a file (<c>Response.BodyAsFile</c>),
/// webhooks (<c>Webhook</c>, <c>Webhooks</c>) and saving to a file (<c>SaveToFile</c>). WireMock.Net's own defaults keep
/// templating from files and C# code matchers off.
/// </remarks>
internal static class StubRules
{
    /// <summary>Most stubs loaded at once (held by <see cref="UserStubs.Add"/>, which every way in goes through).</summary>
    public const int MaxStubs = 1000;

    /// <summary>Largest mapping body (one request or one file).</summary>
    public const int MaxMappingBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializer s_wireMock = JsonSerializer.Create(new JsonSerializerSettings
    {
        // Newtonsoft's defaults, as WireMock.Net reads mappings (property names in any case), but no type names from input.
        TypeNameHandling = TypeNameHandling.None,
        MaxDepth = 64,
    });

    /// <summary>Checks mapping JSON; <see cref="StubCheck.Problems"/> is empty when it is acceptable.</summary>
    /// <param name="json">One mapping object or an array of them.</param>
    /// <param name="root">First element of each problem's <c>loc</c> (<c>body</c> for a request, <c>file</c> for a file).</param>
    public static StubCheck Check(string json, string root)
    {
        JToken token;
        try
        {
            token = JToken.Parse(json, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonException e)
        {
            return StubCheck.Malformed($"Malformed JSON: {e.Message}");
        }

        // One mapping, an array of them, or Java WireMock's mapping file ({"mappings": [...]}, which its export writes).
        var (items, listed) = token switch
        {
            JArray array => (array.ToList(), (object[])[root]),
            JObject { Count: <= 2 } file when file["mappings"] is JArray mappings && file.Properties().All(p => p.Name is "mappings" or "meta") => (mappings.ToList(), [root, "mappings"]),
            _ => ([token], null),
        };
        var problems = new List<ValidationDetail>();
        var models = new List<MappingModel>(items.Count);
        var sources = new List<StubSource>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            object[] at = listed is null ? [root] : [.. listed, i];
            if (items[i] is not JObject item)
            {
                problems.Add(new ValidationDetail(at, "Input should be a mapping object", "dict_type"));
                continue;
            }

            var before = problems.Count;
            var form = StubForms.Detect(item);
            var model = form == StubForm.JavaWireMock ? ReadJava(item, at, problems) : ReadNet(item, at, problems);
            if (model is null || problems.Count > before)
            {
                continue;
            }

            if (model.Guid is { } guid && models.Any(m => m.Guid == guid))
            {
                problems.Add(new ValidationDetail([.. at, form == StubForm.JavaWireMock ? "uuid" : "Guid"], $"Mapping id {guid} is given to two mappings of this batch", "value_error"));
                continue;
            }

            models.Add(model);
            sources.Add(new StubSource(form, StubSource.Given(item), StubSource.SaysMatchesEverything(item, form)));
        }

        return problems.Count == 0 ? new StubCheck(models, sources, [], null, listed is not null) : new StubCheck([], [], problems, null, listed is not null);
    }

    private static MappingModel? ReadJava(JObject item, object[] at, List<ValidationDetail> problems)
    {
        var before = problems.Count;
        StubForms.CheckJava(item, "mapping", at, problems);
        foreach (var part in new[] { "request", "response" })
        {
            if (item[part] is JObject child)
            {
                StubForms.CheckJava(child, part, [.. at, part], problems);
            }
        }

        return problems.Count > before ? null : JavaMappings.Translate(item, at, problems);
    }

    private static MappingModel? ReadNet(JObject item, object[] at, List<ValidationDetail> problems)
    {
        var before = problems.Count;
        StubForms.CheckNet(item, at, problems);
        if (problems.Count > before)
        {
            return null;
        }

        MappingModel? model;
        try
        {
            model = item.ToObject<MappingModel>(s_wireMock);
        }
        catch (JsonException e)
        {
            problems.Add(new ValidationDetail(at, $"Not a WireMock.Net mapping: {e.Message}", "value_error"));
            return null;
        }

        if (model?.Request is null)
        {
            problems.Add(new ValidationDetail([.. at, "Request"], "Field required", "missing"));
        }

        if (model?.Response is null)
        {
            problems.Add(new ValidationDetail([.. at, "Response"], "Field required", "missing"));
        }

        if (model is null)
        {
            return null;
        }

        Refuse(model.Response?.ProxyUrl is not null, [.. at, "Response", "ProxyUrl"], "a proxy");
        Refuse(model.Response?.WebProxy is not null, [.. at, "Response", "WebProxy"], "a proxy");
        Refuse(model.Response?.BodyAsFile is not null, [.. at, "Response", "BodyAsFile"], "a body read from a file");
        Refuse(model.Webhook is not null, [.. at, "Webhook"], "a webhook");
        Refuse(model.Webhooks is { Length: > 0 }, [.. at, "Webhooks"], "a webhook");
        Refuse(model.SaveToFile == true, [.. at, "SaveToFile"], "saving to a file");
        return problems.Count > before ? null : model;

        void Refuse(bool refused, object[] loc, string what)
        {
            if (refused)
            {
                problems.Add(NoFileNoCall(loc, what));
            }
        }
    }

    /// <summary>The refusal of what would make the mock read a file or call out.</summary>
    public static ValidationDetail NoFileNoCall(object[] loc, string what) =>
        new(loc, $"The mock reads no file and calls no one on a stub's behalf ({what}); WireMock itself can (see the README's WireMock section)", "value_error");
}

/// <summary>What <see cref="StubRules.Check"/> found.</summary>
/// <param name="Models">The mappings, read with WireMock.Net's model (empty when refused).</param>
/// <param name="Problems">Why they are refused (empty: accepted).</param>
/// <param name="MalformedMessage">Set when the text is not JSON at all.</param>
/// <param name="IsArray">Whether the JSON held a list of mappings (an array, or Java WireMock's <c>{"mappings": [...]}</c>), not one mapping object.</param>
/// <param name="Sources">Each model's form and mapping as given, in the same order.</param>
internal sealed record StubCheck(IReadOnlyList<MappingModel> Models, IReadOnlyList<StubSource> Sources, IReadOnlyList<ValidationDetail> Problems, string? MalformedMessage, bool IsArray = false)
{
    public static StubCheck Malformed(string message) => new([], [], [], message);

    /// <summary>The first problem, in one line (for a file), or null.</summary>
    public string? Problem => MalformedMessage ?? (Problems.Count == 0 ? null : $"{string.Join('.', Problems[0].Loc)}: {Problems[0].Msg}");
}

/// <summary>A stub as it was given: its form, its JSON, and whether it says that it means to match every request.</summary>
/// <param name="Form">The form it was read in.</param>
/// <param name="Mapping">The mapping object as given (what GET adds to it, <see cref="Echo"/>, taken out).</param>
/// <param name="MatchesEverything">The documented opt-in for a mapping that matches every request.</param>
internal sealed record StubSource(StubForm Form, JObject Mapping, bool MatchesEverything)
{
    /// <summary>What <c>GET /__admin/mappings</c> adds to each WireMock.Net mapping it lists (the form and the mapping as given); ignored when posted back.</summary>
    public const string Echo = "Rostro";

    /// <summary>Where a mapping says that it means to match every request: <c>metadata.rostro.matchesEverything</c> (Java WireMock's form) or <c>Data.rostro.matchesEverything</c> (WireMock.Net's), true.</summary>
    public static string MatchesEverythingOptIn(StubForm form) =>
        form == StubForm.JavaWireMock ? "metadata.rostro.matchesEverything" : "Data.rostro.matchesEverything";

    /// <summary>Whether a mapping sets the opt-in of <see cref="MatchesEverythingOptIn"/>.</summary>
    public static bool SaysMatchesEverything(JObject item, StubForm form)
    {
        ArgumentNullException.ThrowIfNull(item);
        var holder = form == StubForm.JavaWireMock ? item["metadata"] : StubForms.Child(item, "Data");
        return holder is JObject data && data["rostro"] is JObject rostro && rostro["matchesEverything"] is { Type: JTokenType.Boolean } flag && flag.Value<bool>();
    }

    /// <summary>The mapping as given, without the echo of a previous GET.</summary>
    public static JObject Given(JObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var copy = (JObject)item.DeepClone();
        copy.Property(Echo, StringComparison.OrdinalIgnoreCase)?.Remove();
        return copy;
    }
}
