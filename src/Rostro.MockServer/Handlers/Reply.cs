using Rostro.Client;
using Rostro.MockServer.Operations;
using Rostro.Spec.Answers;
using ValidationDetail = Rostro.MockServer.Errors.ValidationDetail;

namespace Rostro.MockServer.Handlers;

/// <summary>What a handler decided under its world's lock; written after the lock is released.</summary>
/// <remarks>Bodies are fresh wire models (Rostro.Wire, generated from the spec) built under the lock, so nothing live escapes it.</remarks>
internal abstract record Reply
{
    public abstract Task WriteAsync(OperationContext context);

    /// <summary>A 200 with one of the spec's models (or, where the spec's type is free-form, JSON).</summary>
    public static Reply Ok(object body) => new OkReply(body);

    public static Reply Success(string? message = null) => new OkReply(new SuccessResponse { Success = true, Message = message });

    public static Reply NotFound(string message) => new ErrorReply(StatusCodes.Status404NotFound, message, ErrorCodes.ResourceNotFound);

    public static Reply Forbidden(string message, int code = ErrorCodes.NotOwner) => new ErrorReply(StatusCodes.Status403Forbidden, message, code);

    /// <summary>A write the world's bounds refused: 403 (documented on every secured operation), and nothing was changed.</summary>
    public static Reply Refused(State.WorldFullException full) => new ErrorReply(
        StatusCodes.Status403Forbidden,
        full.Collection is { } collection
            ? $"The mock holds at most {full.Cap} {collection} (a bound of each world); delete some first (or POST /__admin/reset)."
            : $"The mock stores at most {full.Cap} bytes of text per world (lore items, config documents, metadata, names, tips); delete some first (or POST /__admin/reset).",
        ErrorCodes.CollectionFull);

    public static Reply Invalid(IReadOnlyList<object> loc, string msg, string type = "value_error") => new InvalidReply([new ValidationDetail(loc, msg, type)]);

    private sealed record OkReply(object Body) : Reply
    {
        public override Task WriteAsync(OperationContext context) => context.WriteJsonAsync(StatusCodes.Status200OK, Body);
    }

    private sealed record ErrorReply(int Status, string Message, int Code) : Reply
    {
        public override Task WriteAsync(OperationContext context) => context.WriteErrorAsync(Status, Message, Code);
    }

    private sealed record InvalidReply(IReadOnlyList<ValidationDetail> Detail) : Reply
    {
        public override Task WriteAsync(OperationContext context) => context.WriteValidationErrorAsync(Detail);
    }
}
