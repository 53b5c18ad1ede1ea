namespace Rostro.Client;

/// <summary>
/// The generated clients throw <see cref="RostroApiException{TResult}"/> for every documented error response,
/// with the parsed envelope in <c>Result</c>; these accessors spare callers the type tests.
/// </summary>
public partial class RostroApiException
{
    /// <summary>The <c>ErrorEnvelope</c> (<c>{error, errorCode, code}</c>) of a 400, 401, 403, 404, 429 or 503, if that is what was answered.</summary>
    public ErrorEnvelope? Error => (this as RostroApiException<ErrorEnvelope>)?.Result;

    /// <summary>The 422 <c>detail</c> list, one entry per violation; empty for any other answer.</summary>
    public IReadOnlyList<ValidationDetail> ValidationErrors =>
        (this as RostroApiException<ValidationErrorResponse>)?.Result.Detail.ToArray() ?? [];

    /// <summary>The 500 envelope (<c>{error, message, type, code, errorCode, param}</c>), if that is what was answered.</summary>
    public InternalErrorEnvelope? InternalError => (this as RostroApiException<InternalErrorEnvelope>)?.Result;
}
