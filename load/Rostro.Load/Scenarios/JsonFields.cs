using System.Globalization;
using System.Text.Json;

namespace Rostro.Load;

/// <summary>Reads one JSON object of a scenario file field by field, so that every unknown, duplicated or mistyped field becomes a problem naming its path.</summary>
/// <remarks>A typo must not silently run a different test: <c>"rat": 20</c> is an error, not a default rate.</remarks>
internal sealed class JsonFields
{
    private readonly JsonElement _element;
    private readonly string _path;
    private readonly List<string> _problems;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public JsonFields(JsonElement element, string path, List<string> problems)
    {
        _element = element;
        _path = path;
        _problems = problems;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                Problem(property.Name, "appears twice");
            }
        }
    }

    public JsonFields Child(JsonElement element, string field) => new(element, Join(field), _problems);

    public void Problem(string field, string message) => _problems.Add($"{Join(field)}: {message}");

    public string Join(string field) => _path.Length == 0 ? field : $"{_path}.{field}";

    public bool Has(string field)
    {
        _known.Add(field);
        return _element.TryGetProperty(field, out _);
    }

    public JsonElement? Get(string field)
    {
        _known.Add(field);
        return _element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public string? String(string field, bool required = false)
    {
        var value = Get(field);
        if (value is null)
        {
            Missing(field, required);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.String || value.Value.GetString() is not { Length: > 0 } text)
        {
            Problem(field, "expected a non-empty string");
            return null;
        }

        return text;
    }

    public double? Number(string field, double min, double max, bool required = false, bool exclusiveMin = false)
    {
        var value = Get(field);
        if (value is null)
        {
            Missing(field, required);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDouble(out var number) || number < min || number > max || (exclusiveMin && number <= min))
        {
            Problem(field, $"expected a number {(exclusiveMin ? "above" : "from")} {Format(min)}{(max < double.MaxValue ? $" to {Format(max)}" : string.Empty)}");
            return null;
        }

        return number;
    }

    public int? Integer(string field, int min, int max, bool required = false)
    {
        var value = Get(field);
        if (value is null)
        {
            Missing(field, required);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt32(out var number) || number < min || number > max)
        {
            Problem(field, $"expected a whole number from {min} to {max}");
            return null;
        }

        return number;
    }

    public bool? Boolean(string field)
    {
        var value = Get(field);
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Problem(field, "expected true or false");
            return null;
        }

        return value.Value.GetBoolean();
    }

    public TimeSpan? Duration(string field, bool required = false, bool allowZero = false)
    {
        var text = String(field, required);
        if (text is null)
        {
            return null;
        }

        if (!DurationText.TryParse(text, out var duration, out var error))
        {
            Problem(field, error);
            return null;
        }

        if (duration <= TimeSpan.Zero && !(allowZero && duration == TimeSpan.Zero))
        {
            Problem(field, "must be longer than zero");
            return null;
        }

        return duration;
    }

    public JsonFields? Object(string field, bool required = false)
    {
        var value = Get(field);
        if (value is null)
        {
            Missing(field, required);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            Problem(field, "expected an object");
            return null;
        }

        return new JsonFields(value.Value, Join(field), _problems);
    }

    public IReadOnlyList<JsonElement>? Array(string field, bool required = false)
    {
        var value = Get(field);
        if (value is null)
        {
            Missing(field, required);
            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            Problem(field, "expected an array");
            return null;
        }

        return [.. value.Value.EnumerateArray()];
    }

    /// <summary>Each field not read is a problem, with the fields this object knows.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                var close = _known.OrderBy(k => Distance(k, property.Name)).FirstOrDefault(k => Distance(k, property.Name) <= 2);
                Problem(property.Name, $"unknown field{(close is null ? string.Empty : $" (did you mean '{close}'?)")}; known here: {string.Join(", ", _known.Order(StringComparer.Ordinal))}");
            }
        }
    }

    private void Missing(string field, bool required)
    {
        if (required)
        {
            Problem(field, "is required");
        }
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    // Levenshtein distance, for "did you mean": scenario field names are short.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
