using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rostro.MockServer.Operations;

namespace Rostro.MockServer.Handlers;

/// <summary>Typed reads of values the pipeline has already validated against the spec: path and query values by name, the body as its wire model.</summary>
internal static class ContextValues
{
    public const int PageSize = 20;

    public static string Path(this OperationContext context, string name) => context.PathValues[name];

    public static long PathLong(this OperationContext context, string name) =>
        long.Parse(context.PathValues[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public static string? QueryString(this OperationContext context, string name) => JsonRead.String(context.Query(name));

    public static long? QueryLong(this OperationContext context, string name) => JsonRead.Integer(context.Query(name));

    public static bool? QueryBool(this OperationContext context, string name) => JsonRead.NullableBool(context.Query(name));

    public static IReadOnlyList<long> QueryLongs(this OperationContext context, string name) =>
        context.Query(name) is JsonArray array ? array.Select(item => JsonRead.Integer(item)!.Value).ToList() : [];

    /// <summary>The request body (validated against the spec) as its wire model.</summary>
    public static T Body<T>(this OperationContext context)
        where T : class, new() =>
        context.Body?.Deserialize<T>(Responses.MockJson.Requests) ?? new T();

    private static JsonNode? Query(this OperationContext context, string name) => context.QueryValues.GetValueOrDefault(name);

    public static int Page(this OperationContext context) => (int)Math.Min(context.QueryLong("page") ?? 1, int.MaxValue);

    public static IEnumerable<T> PageOf<T>(this IEnumerable<T> items, int page, int size = PageSize)
    {
        // Pages far past the end are empty, not an overflow.
        var skip = ((long)page - 1) * size;
        return skip > int.MaxValue ? [] : items.Skip((int)skip).Take(size);
    }

    /// <summary>A time as the API writes it: UTC, to the second.</summary>
    public static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
