using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Pipeline;

/// <summary>Reads request bodies within a limit. Every way a body can fail to arrive — too large, too many parts, broken
/// chunked framing, too slow, malformed multipart, the client leaving — ends here as a <see cref="BodyRefusal"/>, never as an exception.</summary>
internal static class RequestBodies
{
    /// <summary>Most parts of one multipart body (ASP.NET Core's default form value count).</summary>
    public const int MaxMultipartParts = 1024;

    /// <summary>Longest multipart boundary (ASP.NET Core's default; RFC 2046 itself asks for at most 70).</summary>
    public const int MaxBoundaryLength = 128;

    /// <summary>Reads the whole body, at most <paramref name="limit"/> bytes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">Most bytes taken.</param>
    /// <param name="aborted">The client left.</param>
    /// <param name="keepWhenTooLarge">On a body over the limit, return the bytes read so far with the 413 refusal (for <see cref="ReplayedBody"/>).</param>
    public static async Task<BodyRead<byte[]>> ReadAllAsync(HttpRequest request, long limit, CancellationToken aborted, bool keepWhenTooLarge = false)
    {
        try
        {
            using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)Math.Min(length, Math.Min(limit, 1 << 20)) : 4096);
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await request.Body.ReadAsync(chunk, aborted)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        if (keepWhenTooLarge)
                        {
                            buffer.Write(chunk, 0, read);
                            return new(buffer.ToArray(), TooLarge(limit));
                        }

                        return new(null, TooLarge(limit));
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return new(buffer.ToArray(), null);
        }
        catch (Exception e) when (Failure(e, aborted) is { } refusal)
        {
            return new(null, refusal);
        }
    }

    /// <summary>Reads a <c>multipart/form-data</c> body into memory (the mock writes nothing to disk on a request's behalf), at most <paramref name="limit"/> bytes and <see cref="MaxMultipartParts"/> parts.</summary>
    public static async Task<BodyRead<IFormCollection>> ReadFormAsync(HttpRequest request, long limit, CancellationToken aborted)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.Boundary : default).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return new(null, Malformed("the Content-Type names no boundary"));
        }

        if (boundary.Length > MaxBoundaryLength)
        {
            return new(null, Malformed($"its boundary is {boundary.Length} characters long; the mock takes at most {MaxBoundaryLength}"));
        }

        var body = new LimitedStream(request.Body, limit);
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var files = new FormFileCollection();
        try
        {
            var reader = new MultipartReader(boundary, body);
            var parts = 0;
            while (await reader.ReadNextSectionAsync(aborted) is { } section)
            {
                if (++parts > MaxMultipartParts)
                {
                    return new(null, new BodyRefusal(StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge, $"The multipart body has more than {MaxMultipartParts} parts, the most the mock takes.", ClientLeft: false));
                }

                if (section.GetContentDispositionHeader() is not { } disposition || !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
                {
                    // ASP.NET Core's own form reader skips such parts too.
                    await section.Body.CopyToAsync(Stream.Null, aborted);
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                var content = new MemoryStream();
                await section.Body.CopyToAsync(content, aborted);
                if (disposition.IsFileDisposition())
                {
                    content.Position = 0;
                    files.Add(new FormFile(content, 0, content.Length, name, HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? string.Empty)
                    {
                        Headers = new HeaderDictionary(section.Headers ?? new Dictionary<string, StringValues>()),
                    });
                }
                else
                {
                    var value = Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length);
                    fields[name] = StringValues.Concat(fields.GetValueOrDefault(name), value);
                }
            }

            return new(new FormCollection(fields, files), null);
        }
        catch (LimitedStream.LimitExceededException)
        {
            return new(null, TooLarge(limit));
        }
        catch (InvalidDataException e)
        {
            return new(null, Malformed(e.Message.TrimEnd('.')));
        }
        catch (IOException) when (body.Ended)
        {
            // The multipart reader's "unexpected end of stream": the whole body arrived, without its closing boundary.
            return new(null, Malformed("it ends before its closing boundary"));
        }
        catch (Exception e) when (Failure(e, aborted) is { } refusal)
        {
            return new(null, refusal);
        }
    }

    private static BodyRefusal TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.BodyTooLarge, $"The request body is larger than {limit} bytes (settings maxBodyBytes / maxMultipartBodyBytes, header X-Mock-Max-Body-Bytes / X-Mock-Max-Multipart-Body-Bytes).", ClientLeft: false);

    private static BodyRefusal Malformed(string why) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.MalformedJson, $"Malformed multipart body: {why}.", ClientLeft: false);

    // What Kestrel throws while a body arrives, as the answer it deserves. Null: not a body failure (a bug; let it surface).
    private static BodyRefusal? Failure(Exception e, CancellationToken aborted) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
            new(StatusCodes.Status408RequestTimeout, ErrorCodes.BodyTooSlow, "The request body arrived slower than the server's minimum data rate.", ClientLeft: false),

        // Broken chunked framing, or a body that ended before its Content-Length (the client left, or half-closed and still listens).
        BadHttpRequestException bad =>
            new(bad.StatusCode, bad.StatusCode == StatusCodes.Status400BadRequest ? ErrorCodes.MalformedJson : ErrorCodes.None, $"Malformed request body: {bad.Message.TrimEnd('.')}.", ClientLeft: false),
        OperationCanceledException when aborted.IsCancellationRequested => new(0, 0, string.Empty, ClientLeft: true),
        IOException => new(0, 0, string.Empty, ClientLeft: true),
        _ => null,
    };

    // Counts what the multipart reader takes from the request, so the byte limit holds for chunked bodies too.
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        /// <summary>Whether the request body ended (the client sent all of it).</summary>
        public bool Ended { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Ended |= read == 0 && buffer.Length > 0;
            _read += read;
            return _read > limit ? throw new LimitExceededException() : read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Bodies are read asynchronously.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public sealed class LimitExceededException : Exception;
    }
}

/// <summary>What reading a body gave: the value, or why there is none.</summary>
internal readonly record struct BodyRead<T>(T? Value, BodyRefusal? Refusal) where T : class;

/// <summary>Why a body was not read: the envelope to answer, or (<paramref name="ClientLeft"/>) nobody to answer.</summary>
internal sealed record BodyRefusal(int Status, int Code, string Message, bool ClientLeft);
