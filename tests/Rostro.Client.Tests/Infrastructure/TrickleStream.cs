namespace Rostro.Client.Tests.Infrastructure;

/// <summary>A read-only stream that hands out its bytes in chunks of the given sizes (cycling), as a slow network does.</summary>
public sealed class TrickleStream(byte[] bytes, params int[] chunkSizes) : Stream
{
    /// <summary>When set, a read past the end waits (until cancelled) instead of ending the stream: a server still thinking.</summary>
    public bool HangAtEnd { get; init; }

    private readonly int[] _chunkSizes = chunkSizes.Length == 0 ? [1] : chunkSizes;
    private int _position;
    private int _reads;

    public int Reads => _reads;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = Math.Min(Math.Min(_chunkSizes[_reads % _chunkSizes.Length], buffer.Length), bytes.Length - _position);
        bytes.AsSpan(_position, size).CopyTo(buffer);
        _position += size;
        _reads++;
        return size;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (HangAtEnd && _position == bytes.Length)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
