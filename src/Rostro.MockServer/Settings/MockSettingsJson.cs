using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Rostro.MockServer.Errors;

namespace Rostro.MockServer.Settings;

/// <summary>Applies a partial JSON object to <see cref="MockSettings"/> and validates the result with its DataAnnotations.</summary>
/// <remarks>Used by <c>PUT /__admin/settings</c>, <c>--settings file.json</c> and the per-request <c>X-Mock-*</c> headers, so all three accept the same names and values.</remarks>
internal static class MockSettingsJson
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.General)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    private static readonly Dictionary<string, PropertyInfo> s_properties = typeof(MockSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
        .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal);

    /// <summary>The JSON names of every setting.</summary>
    public static IReadOnlyCollection<string> Names => s_properties.Keys;

    /// <summary>The settings as a JSON object.</summary>
    public static JsonObject ToJson(MockSettings settings) => (JsonObject)JsonSerializer.SerializeToNode(settings, s_options)!;

    /// <summary>The setting a header names (<c>X-Mock-Ttft-Ms</c> → <c>ttftMs</c>), or null.</summary>
    public static string? NameForHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!header.StartsWith(Operations.RequestOverrides.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var compact = header[Operations.RequestOverrides.HeaderPrefix.Length..].Replace("-", string.Empty, StringComparison.Ordinal);
        return s_properties.Keys.FirstOrDefault(n => string.Equals(n, compact, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Overlays <paramref name="patch"/> on <paramref name="current"/>; every problem becomes one detail, located under <paramref name="location"/>.</summary>
    /// <returns>The new settings, or null when <paramref name="problems"/> is not empty (nothing is applied then).</returns>
    public static MockSettings? Apply(MockSettings current, JsonObject patch, string location, out IReadOnlyList<ValidationDetail> problems)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(patch);
        var found = new List<ValidationDetail>();
        var patched = new List<PropertyInfo>(patch.Count);
        var merged = ToJson(current);
        foreach (var (name, value) in patch)
        {
            if (!s_properties.TryGetValue(name, out var property))
            {
                found.Add(new ValidationDetail([location, name], $"Unknown setting; known: {string.Join(", ", s_properties.Keys)}", "extra_forbidden"));
                continue;
            }

            try
            {
                _ = value is null ? null : value.Deserialize(property.PropertyType, s_options);
                if (value is null && property.PropertyType.IsValueType)
                {
                    throw new JsonException("null");
                }
            }
            catch (JsonException)
            {
                found.Add(new ValidationDetail([location, name], $"Input should be a valid {Describe(property.PropertyType)}", TypeError(property.PropertyType)));
                continue;
            }

            merged[name] = value?.DeepClone();
            patched.Add(property);
        }

        // Values of the right type are range-checked even when others were not, so one answer names every problem. Only the
        // patched ones: the others are the current settings', valid already (and a per-request X-Mock-* header pays for one).
        var result = merged.Deserialize<MockSettings>(s_options)!;
        var results = new List<ValidationResult>();
        var valid = true;
        foreach (var property in patched)
        {
            valid &= Validator.TryValidateProperty(property.GetValue(result), new ValidationContext(result) { MemberName = property.Name }, results);
        }

        if (!valid)
        {
            foreach (var failure in results)
            {
                foreach (var member in failure.MemberNames)
                {
                    var property = typeof(MockSettings).GetProperty(member)!;
                    var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name;
                    found.Add(property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed
                        ? new ValidationDetail([location, name], $"Input should be {OneOf(allowed.Values)}", "literal_error")
                        : new ValidationDetail([location, name], RangeMessage(property, result) ?? failure.ErrorMessage ?? "Invalid value", RangeType(property, result)));
                }
            }
        }

        problems = found;
        return found.Count == 0 ? result : null;
    }

    // Pydantic's wording for a Literal: "Input should be 429, 500 or 503".
    private static string OneOf(object?[] values)
    {
        var texts = values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return texts.Count == 1 ? texts[0]! : $"{string.Join(", ", texts.Take(texts.Count - 1))} or {texts[^1]}";
    }

    private static string Describe(Type type) => type == typeof(int) || type == typeof(long) ? "integer" : type == typeof(bool) ? "boolean" : type == typeof(double) ? "number" : "string";

    private static string TypeError(Type type) => type == typeof(int) || type == typeof(long) ? "int_parsing" : type == typeof(bool) ? "bool_parsing" : type == typeof(double) ? "float_parsing" : "string_type";

    private static string? RangeMessage(PropertyInfo property, MockSettings settings)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is not { } range || property.GetValue(settings) is not IConvertible value)
        {
            return null;
        }

        var number = value.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
        return number < Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture)
            ? $"Input should be greater than or equal to {range.Minimum}"
            : $"Input should be less than or equal to {range.Maximum}";
    }

    private static string RangeType(PropertyInfo property, MockSettings settings)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is not { } range || property.GetValue(settings) is not IConvertible value)
        {
            return "value_error";
        }

        return value.ToDouble(System.Globalization.CultureInfo.InvariantCulture) < Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture)
            ? "greater_than_equal"
            : "less_than_equal";
    }
}
