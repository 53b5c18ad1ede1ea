using Microsoft.AspNetCore.Http.Features;
using Rostro.MockServer.Responses;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Pipeline;

/// <summary>The limits on a request's target and headers, answered with the envelope (414, 431) before any route runs.</summary>
/// <remarks>
/// Kestrel enforces the same kind of limits itself, answering with an empty body. Its limits are set at
/// <see cref="KestrelRequestLineBytes"/> and <see cref="KestrelHeaderBytes"/>, above these, so that what a client sends
/// past the documented limits gets the documented envelope; only a request beyond Kestrel's own, or one it cannot
/// parse at all, still gets Kestrel's empty answer (see the README).
/// </remarks>
internal static class RequestLimits
{
    /// <summary>Longest request target (path and query, as sent): Kestrel's default request-line limit.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>Largest total of header names and values: Kestrel's default.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Most headers: Kestrel's default.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's own request-line limit, the backstop above <see cref="MaxTargetBytes"/>.</summary>
    public const int KestrelRequestLineBytes = 64 * 1024;

    /// <summary>Kestrel's own header limit, the backstop above <see cref="MaxHeaderBytes"/>.</summary>
    public const int KestrelHeaderBytes = 64 * 1024;

    /// <summary>Kestrel's own header-count limit.</summary>
    public const int KestrelHeaderCount = 2 * MaxHeaderCount;

    /// <summary>Answers 414 or 431 when the request is over a limit; otherwise runs the rest of the app.</summary>
    public static Task EnforceAsync(HttpContext http, RequestDelegate next, ResponseWriter writer)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget?.Length ?? 0;
        if (target > MaxTargetBytes)
        {
            return writer.WriteErrorAsync(http, null, StatusCodes.Status414UriTooLong, $"The request target (path and query) is {target} bytes long; the mock takes at most {MaxTargetBytes}.", ErrorCodes.RequestTooLarge);
        }

        var headers = http.Request.Headers;
        if (headers.Count > MaxHeaderCount)
        {
            return writer.WriteErrorAsync(http, null, StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request has {headers.Count} headers; the mock takes at most {MaxHeaderCount} headers.", ErrorCodes.RequestTooLarge);
        }

        var bytes = 0L;
        foreach (var (name, values) in headers)
        {
            bytes += name.Length + 4;
            foreach (var value in values)
            {
                bytes += value?.Length ?? 0;
            }
        }

        return bytes > MaxHeaderBytes
            ? writer.WriteErrorAsync(http, null, StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request headers total {bytes} bytes; the mock takes at most {MaxHeaderBytes}.", ErrorCodes.RequestTooLarge)
            : next(http);
    }
}
