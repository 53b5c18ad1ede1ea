using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.OpenApi;
using Rostro.Spec;
using Rostro.Spec.Schemas;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>One valid variant of a valid request, drawn from the schema: a value the spec allows, which the API must accept without failing.</summary>
/// <param name="Name">Stable name, the theory row's (<c>query/nsfw=false</c>, <c>sample 2 of seed 1</c>).</param>
/// <param name="LiveSafe">Within what the seed states: values at a bound the spec invented (CURATION 6) go to a mock only.</param>
/// <param name="Apply">Turns the base request into this one.</param>
public sealed record ValidCase(string Name, bool LiveSafe, Func<RequestPlan, RequestPlan> Apply);

/// <summary>Valid requests beyond the spec's examples (Schemathesis's positive data): every enum member, booleans both ways, the bounds of ranges, optional values present and absent, and a few samples drawn by CsCheck from a fixed, printed seed.</summary>
/// <remarks>
/// Only values that address nothing vary: query parameters and body properties that are typed (an enum, a boolean, a
/// number) or optional free text with a default; path parameters, the owned values of <c>x-rostro-owned</c> and other free
/// text (a URL, a query, a sort field, which the API may know a closed list of) keep the base request's. At most <see cref="MaxPerOperation"/> variants per operation, deterministic for a seed.
/// </remarks>
public static class ValidInputs
{
    /// <summary>Most variants one operation gets.</summary>
    public const int MaxPerOperation = 12;

    /// <summary>Property-based samples per operation (after the boundary values, within the bound).</summary>
    public const int Samples = 3;

    public static IReadOnlyList<ValidCase> For(SpecOperation operation, int seed)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var values = Values(operation).ToList();
        if (values.Count == 0)
        {
            return [];
        }

        var cases = new List<ValidCase>();
        foreach (var value in values)
        {
            foreach (var (text, liveSafe) in value.Boundaries)
            {
                cases.Add(new($"{value.Place}/{value.Name}={text.ToJsonString().Trim('"')}", liveSafe, plan => value.Set(plan, text)));
            }
        }

        // Optional body values the spec's example carries, sent absent (query values are absent in the base request already).
        var example = operation.RequestBody?.Content.GetValueOrDefault("application/json")?.Examples.Values.FirstOrDefault() as JsonObject;
        foreach (var value in values.Where(v => v.Place == "body" && !v.Required && example?.ContainsKey(v.Name) == true))
        {
            cases.Add(new($"body/{value.Name} absent", true, plan => plan.Body is JsonObject body ? plan.WithBody(Without(body, value.Name)) : plan));
        }

        if (values.Any(v => !v.Required))
        {
            cases.Add(new("every optional value at its default or first allowed", true, plan => values.Where(v => !v.Required).Aggregate(plan, (p, v) => v.Set(p, v.Boundaries[0].Value))));
        }

        cases = cases.DistinctBy(c => c.Name, StringComparer.Ordinal).Take(MaxPerOperation - Samples).ToList();
        var pcg = new PCG(1, (ulong)seed + (ulong)(uint)StableHash(operation.OperationId));
        for (var i = 1; i <= Samples; i++)
        {
            // Each optional value present or absent, with a value drawn from its schema within what a live API surely takes.
            var draws = values.Select(v => (v, Present: v.Required || Gen.Bool.Generate(pcg, null, out _), Value: v.Draw.Generate(pcg, null, out _))).ToList();
            var name = $"sample {i} of seed {seed}: " + string.Join(", ", draws.Where(d => d.Present).Select(d => $"{d.v.Name}={d.Value.ToJsonString().Trim('"')}").DefaultIfEmpty("no optional value"));
            cases.Add(new(name, true, plan => draws.Where(d => d.Present).Aggregate(plan, (p, d) => d.v.Set(p, d.Value))));
        }

        return cases;
    }

    // A value a request can vary: where it goes, its boundary values (each marked live-safe or not) and a generator of valid values.
    private sealed record Varying(string Place, string Name, bool Required, IReadOnlyList<(JsonNode Value, bool LiveSafe)> Boundaries, Gen<JsonNode> Draw, Func<RequestPlan, JsonNode, RequestPlan> Set);

    private static IEnumerable<Varying> Values(SpecOperation operation)
    {
        var owned = operation.Facts.Owned.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters.Where(p => p.Location == "query" && !owned.Contains(p.Name) && p.Schema is not null))
        {
            if (Vary("query", parameter.Name, parameter.Required, parameter.Schema!, (plan, value) => plan.WithQuery(parameter.Name, OperationRequests.Text(value))) is { } variable)
            {
                yield return variable;
            }
        }

        if (operation.RequestBody?.Content.GetValueOrDefault("application/json")?.Schema is { } body)
        {
            var required = body.Definition.Required ?? new HashSet<string>();
            foreach (var name in (body.Definition.Properties ?? new Dictionary<string, IOpenApiSchema>()).Keys)
            {
                if (body.Property(name) is { } property && Vary("body", name, required.Contains(name), property, (plan, value) => WithProperty(plan, name, value)) is { } variable)
                {
                    yield return variable;
                }
            }
        }
    }

    // Typed values vary; free text that is required names something (a URL, a query) and keeps the base request's value.
    private static Varying? Vary(string place, string name, bool required, SpecSchema schema, Func<RequestPlan, JsonNode, RequestPlan> set)
    {
        var definition = schema.Definition;
        var type = definition.Type is { } t ? t & ~JsonSchemaType.Null : (JsonSchemaType?)null;
        if (schema.Enum.Count > 0)
        {
            var members = schema.Enum.OfType<JsonNode>().ToList();
            return new(place, name, required, [.. members.Select(m => (m, true))], Gen.Int[0, members.Count - 1].Select(i => members[i].DeepClone()), set);
        }

        switch (type)
        {
            case JsonSchemaType.Boolean:
                return new(place, name, required, [(JsonValue.Create(false), true), (JsonValue.Create(true), true)], Gen.Bool.Select(b => (JsonNode)JsonValue.Create(b)), set);
            case JsonSchemaType.Integer:
                var min = definition.Minimum is { } lo ? (long)Convert.ToDecimal(lo, CultureInfo.InvariantCulture) : 0L;
                var max = definition.Maximum is { } hi ? (long)Convert.ToDecimal(hi, CultureInfo.InvariantCulture) : (long?)null;
                var fallback = schema.Default?.GetValue<long>() ?? min;
                // The spec's bounds are invented (CURATION 6): a live API may cap lower, so live draws stay near the default.
                var safeTop = Math.Min(max ?? long.MaxValue, Math.Max(fallback, min) + 10);
                var boundaries = new List<(JsonNode, bool)> { (JsonValue.Create(min), true) };
                if (schema.Default is { } d && d.GetValue<long>() != min)
                {
                    boundaries.Add((JsonValue.Create(d.GetValue<long>()), true));
                }

                if (max is { } top && top != min)
                {
                    boundaries.Add((JsonValue.Create(top), false));
                }

                return new(place, name, required, boundaries, Gen.Long[min, safeTop].Select(v => (JsonNode)JsonValue.Create(v)), set);
            case JsonSchemaType.String when !required && schema.Default is JsonValue given:
                // Free text often names something the API knows (a sort field, a namespace): only the spec's default is sure.
                var text = given.GetValue<string>();
                return new(place, name, required, [(JsonValue.Create(text), true)], Gen.Const((JsonNode)JsonValue.Create(text)), set);
            default:
                return null;
        }
    }

    private static JsonObject Without(JsonObject body, string name)
    {
        var copy = (JsonObject)body.DeepClone();
        copy.Remove(name);
        return copy;
    }

    private static RequestPlan WithProperty(RequestPlan plan, string name, JsonNode value)
    {
        var body = plan.Body?.DeepClone() as JsonObject ?? [];
        body[name] = value.DeepClone();
        return plan.WithBody(body);
    }

    // string.GetHashCode differs between processes; the seed must draw the same values in discovery and in the run.
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
