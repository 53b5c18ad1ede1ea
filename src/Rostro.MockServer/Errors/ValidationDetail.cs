using System.Globalization;
using Rostro.Client;

namespace Rostro.MockServer.Errors;

/// <summary>One entry of a FastAPI-style 422 <c>detail</c> list: where the input is wrong, why, and a machine-readable type.</summary>
/// <param name="Loc">Where: the part of the request (<c>body</c>, <c>query</c>, <c>path</c>, <c>header</c>) then property names and array indexes, e.g. <c>["body","messages",0,"role"]</c>.</param>
/// <param name="Msg">A human explanation (<c>Field required</c>).</param>
/// <param name="Type">Pydantic's error type (<c>missing</c>, <c>int_parsing</c>, <c>enum</c>, <c>greater_than_equal</c>, ...).</param>
/// <remarks>The mock's working form of a violation (a <c>loc</c> of names and indexes as they are found); it reaches the wire as the spec's <see cref="Rostro.Client.ValidationDetail"/> (<see cref="ToWire"/>).</remarks>
internal sealed record ValidationDetail(IReadOnlyList<object> Loc, string Msg, string Type)
{
    /// <summary>The spec's <c>ValidationDetail</c> (the wire model) of this violation.</summary>
    public Rostro.Client.ValidationDetail ToWire() => new()
    {
        Loc = [.. Loc.Select(Segment)],
        Msg = Msg,
        Type = Type,
    };

    private static LocSegment Segment(object segment) => segment switch
    {
        int index => index,
        long index => checked((int)index),
        _ => Convert.ToString(segment, CultureInfo.InvariantCulture)!,
    };
}
