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

        var items = token is JArray array ? array.ToList() : [token];
        var single = token is not JArray;
        var problems = new List<ValidationDetail>();
        var models = new List<MappingModel>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            object[] at = single ? [root] : [root, i];
            if (items[i] is not JObject item)
            {
                problems.Add(new ValidationDetail(at, "Input should be a WireMock.Net mapping object", "dict_type"));
                continue;
            }

            MappingModel? model;
            try
            {
                model = item.ToObject<MappingModel>(s_wireMock);
            }
            catch (JsonException e)
            {
                problems.Add(new ValidationDetail(at, $"Not a WireMock.Net mapping: {e.Message}", "value_error"));
                continue;
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
                continue;
            }

            Refuse(model.Response?.ProxyUrl is not null, [.. at, "Response", "ProxyUrl"], "a proxy");
            Refuse(model.Response?.WebProxy is not null, [.. at, "Response", "WebProxy"], "a proxy");
            Refuse(model.Response?.BodyAsFile is not null, [.. at, "Response", "BodyAsFile"], "a body read from a file");
            Refuse(model.Webhook is not null, [.. at, "Webhook"], "a webhook");
            Refuse(model.Webhooks is { Length: > 0 }, [.. at, "Webhooks"], "a webhook");
            Refuse(model.SaveToFile == true, [.. at, "SaveToFile"], "saving to a file");
            if (model.Guid is { } guid && models.Any(m => m.Guid == guid))
            {
                problems.Add(new ValidationDetail([.. at, "Guid"], $"Guid {guid} is given to two mappings of this batch", "value_error"));
                continue;
            }

            models.Add(model);
        }

        return new StubCheck(problems.Count == 0 ? models : [], problems, null, token is JArray);

        void Refuse(bool refused, object[] loc, string what)
        {
            if (refused)
            {
                problems.Add(new ValidationDetail(loc, $"The mock reads no file and calls no one on a stub's behalf ({what}); WireMock itself can (see the README's WireMock section)", "value_error"));
            }
        }
    }
}

/// <summary>What <see cref="StubRules.Check"/> found.</summary>
/// <param name="Models">The mappings, read with WireMock.Net's model (empty when refused).</param>
/// <param name="Problems">Why they are refused (empty: accepted).</param>
/// <param name="MalformedMessage">Set when the text is not JSON at all.</param>
/// <param name="IsArray">Whether the JSON was an array of mappings (not one mapping object).</param>
internal sealed record StubCheck(IReadOnlyList<MappingModel> Models, IReadOnlyList<ValidationDetail> Problems, string? MalformedMessage, bool IsArray = false)
{
    public static StubCheck Malformed(string message) => new([], [], message);

    /// <summary>The first problem, in one line (for a file), or null.</summary>
    public string? Problem => MalformedMessage ?? (Problems.Count == 0 ? null : $"{string.Join('.', Problems[0].Loc)}: {Problems[0].Msg}");
}
