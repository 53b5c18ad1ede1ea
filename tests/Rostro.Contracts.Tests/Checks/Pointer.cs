using System.Globalization;
using System.Text.Json.Nodes;

namespace Rostro.Contracts.Tests.Checks;

/// <summary>RFC 6901 JSON pointers over <see cref="JsonNode"/> (the spec's <c>x-rostro-list</c> and the undo links name values with them).</summary>
public static class Pointer
{
    /// <summary>The value at <paramref name="pointer"/> (<c>/nodes/0/uuid</c>), or null when nothing stands there.</summary>
    public static JsonNode? At(JsonNode? root, string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var node = root;
        foreach (var segment in pointer.Split('/').Skip(1))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject o => o[name],
                JsonArray a when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The string at <paramref name="pointer"/>, or null when there is none or the value is of another type (an answer's types are checked by its schema, never assumed).</summary>
    public static string? Text(JsonNode? root, string pointer) => At(root, pointer) is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The integer at <paramref name="pointer"/>, or null when there is none or the value is of another type.</summary>
    public static int? Integer(JsonNode? root, string pointer) => At(root, pointer) is JsonValue v && v.TryGetValue<int>(out var number) ? number : null;
}
