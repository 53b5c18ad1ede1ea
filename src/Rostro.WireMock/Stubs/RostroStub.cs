namespace Rostro.WireMock;

/// <summary>One generated stub: which requests it answers and how. Both mapping formats are written from this description, never by hand.</summary>
/// <param name="Id">Stable across exports (derived from the operation and the stub's role), so mapping files diff cleanly and the admin API can address a stub.</param>
/// <param name="Title">What the stub answers, e.g. <c>getProjectRatings: 404 for Prefer: code=404</c>; WireMock shows it in its request journal.</param>
/// <param name="OperationId">The spec operation the stub stands for.</param>
/// <param name="Kind">Its role; also its rank among the stubs of one operation.</param>
/// <param name="Priority">WireMock priority (lower wins). Every generated stub is above <see cref="RostroStubs.LowestUserPriority"/>, so a stub of your own at WireMock's default priority wins.</param>
/// <param name="Request">What the request must look like.</param>
/// <param name="Response">The answer.</param>
public sealed record RostroStub(
    Guid Id,
    string Title,
    string OperationId,
    StubKind Kind,
    int Priority,
    StubRequest Request,
    StubResponse Response);

/// <summary>The role of a stub, in the order the stubs of one operation are tried (the Rostro mock's order).</summary>
public enum StubKind
{
    /// <summary>A secured operation called without any of the spec's credential headers: 401 with <c>WWW-Authenticate: Bearer</c>, whatever <c>Prefer</c> says.</summary>
    MissingCredentials,

    /// <summary><c>Prefer: code=&lt;status&gt;</c> (optionally with <c>example=&lt;name&gt;</c>): that documented status with that example, or its first.</summary>
    ForcedStatus,

    /// <summary><c>Prefer: example=&lt;name&gt;</c>: the named example of the success status.</summary>
    NamedExample,

    /// <summary>A <c>Prefer</c> code or example the operation does not document: 400 naming the ones it does, as the mock answers.</summary>
    UndocumentedPreference,

    /// <summary>A streamed completion (<c>"stream": true</c> in the body): the spec's event-stream examples as one canned <c>text/event-stream</c> body.</summary>
    EventStream,

    /// <summary>Everything else: the success status with its first example.</summary>
    Success,
}

/// <summary>What a request must look like for a stub to answer it.</summary>
/// <param name="Method">HTTP method, upper-case.</param>
/// <param name="PathTemplate">The spec's path template, e.g. <c>/api/gallery/{uuid}</c>.</param>
/// <param name="PathPattern">An anchored regex for a template with parameters (each parameter one non-empty segment); null when the path is matched exactly.</param>
/// <param name="PreferPattern">A regex the whole <c>Prefer</c> header must match; null when the stub does not look at <c>Prefer</c>.</param>
/// <param name="AbsentHeaders">Headers the request must not carry (the spec's credential headers, for <see cref="StubKind.MissingCredentials"/>).</param>
/// <param name="StreamRequested">Whether the JSON body must hold <c>"stream": true</c>.</param>
public sealed record StubRequest(
    string Method,
    string PathTemplate,
    string? PathPattern,
    string? PreferPattern,
    IReadOnlyList<string> AbsentHeaders,
    bool StreamRequested);

/// <summary>The answer of a stub.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Headers">Response headers, <c>Content-Type</c> included.</param>
/// <param name="Body">The body as sent: a spec example's JSON, or the canned event stream.</param>
public sealed record StubResponse(
    int Status,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body);
