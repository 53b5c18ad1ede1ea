using System.Globalization;
using System.Text.Json.Nodes;
using Rostro.MockServer.Operations;

namespace Rostro.MockServer.Handlers;

/// <summary>Typed reads of values the pipeline has already validated against the spec.</summary>
internal static class ContextValues
{
    public const int PageSize = 20;

    public static string Path(this OperationContext context, string name) => context.PathValues[name];

    public static long PathLong(this OperationContext context, string name) =>
        long.Parse(context.PathValues[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static string? QueryString(this OperationContext context, string name) =>
        context.QueryValues.TryGetValue(name, out var value) && value is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static long? QueryLong(this OperationContext context, string name) =>
        context.QueryValues.TryGetValue(name, out var value) && value is JsonValue v && v.TryGetValue(out long l) ? l : null;

    public static bool? QueryBool(this OperationContext context, string name) =>
        context.QueryValues.TryGetValue(name, out var value) && value is JsonValue v && v.TryGetValue(out bool b) ? b : null;

    public static IReadOnlyList<long> QueryLongs(this OperationContext context, string name) =>
        context.QueryValues.TryGetValue(name, out var value) && value is JsonArray array
            ? array.Select(item => item!.GetValue<long>()).ToList()
            : [];

    public static string? BodyString(this OperationContext context, string name) =>
        context.Body is JsonObject body && body[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static long? BodyLong(this OperationContext context, string name) =>
        context.Body is JsonObject body && body[name] is JsonValue v && v.TryGetValue(out long l) ? l : null;

    public static bool? BodyBool(this OperationContext context, string name) =>
        context.Body is JsonObject body && body[name] is JsonValue v && v.TryGetValue(out bool b) ? b : null;

    public static bool BodyHas(this OperationContext context, string name) => context.Body is JsonObject body && body.ContainsKey(name);

    public static int Page(this OperationContext context) => (int)Math.Min(context.QueryLong("page") ?? 1, int.MaxValue);

    public static IEnumerable<T> PageOf<T>(this IEnumerable<T> items, int page, int size = PageSize)
    {
        // Pages far past the end are empty, not an overflow.
        var skip = ((long)page - 1) * size;
        return skip > int.MaxValue ? [] : items.Skip((int)skip).Take(size);
    }

    public static JsonArray ToJsonArray<T>(this IEnumerable<T> items, Func<T, JsonNode?> map) => new([.. items.Select(map)]);

    public static JsonArray Strings(this IEnumerable<string> items) => new([.. items.Select(s => (JsonNode?)JsonValue.Create(s))]);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
