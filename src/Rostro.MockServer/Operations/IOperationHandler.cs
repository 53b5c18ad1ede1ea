namespace Rostro.MockServer.Operations;

/// <summary>Answers one or more spec operations once the pipeline has routed, authenticated and validated the request.</summary>
/// <remarks>
/// Every non-abstract implementation in this assembly is registered as a singleton at start-up (no list to edit):
/// add a class, name the operationIds it answers, done. Two handlers claiming one operationId, or an operationId the
/// spec does not have, stop the server at start-up. An operation no handler claims is answered from its spec example.
/// Handlers are singletons called concurrently: keep per-request data in the <see cref="OperationContext"/>.
/// A handler only sees requests that passed routing, the body limit, credentials and validation, and that asked for
/// neither <c>Prefer: code</c> nor <c>Prefer: example</c> (the pipeline answers those from the spec for every operation).
/// </remarks>
internal interface IOperationHandler
{
    /// <summary>The spec operationIds this handler answers (e.g. <c>createChatCompletion</c>).</summary>
    IEnumerable<string> OperationIds { get; }

    /// <summary>Writes the response. Throwing is a bug: it is logged and answered with the documented 500 envelope.</summary>
    Task HandleAsync(OperationContext context);
}
