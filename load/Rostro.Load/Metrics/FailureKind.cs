namespace Rostro.Load;

/// <summary>Why a request failed, in the words of the report (<c>http_status</c>, <c>stream_cut</c>, ...).</summary>
public enum FailureKind
{
    /// <summary>The response's status was not 2xx.</summary>
    HttpStatus,

    /// <summary>The stream ended, or the connection broke, before <c>data: [DONE]</c>.</summary>
    StreamCut,

    /// <summary>The request took longer than the scenario's request timeout.</summary>
    Timeout,

    /// <summary>An event (or a non-streamed body) that is not the JSON the route answers.</summary>
    MalformedEvent,

    /// <summary>No connection: refused, reset before the response, name not resolved.</summary>
    Connection,
}

/// <summary>The report's names of <see cref="FailureKind"/>.</summary>
public static class FailureKinds
{
    /// <summary>Every kind, in report order.</summary>
    public static IReadOnlyList<FailureKind> All { get; } = Enum.GetValues<FailureKind>();

    /// <summary>The snake_case name used in reports and thresholds.</summary>
    public static string Name(FailureKind kind) => kind switch
    {
        FailureKind.HttpStatus => "http_status",
        FailureKind.StreamCut => "stream_cut",
        FailureKind.Timeout => "timeout",
        FailureKind.MalformedEvent => "malformed_event",
        FailureKind.Connection => "connection",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
