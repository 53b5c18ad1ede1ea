using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Rostro.MockServer.Tests.Infrastructure;

/// <summary>HTTP/1.1 written by hand on a socket, for requests HttpClient refuses to send (bad chunking, slow or truncated bodies).</summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttp(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(Uri server)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        return new RawHttp(client);
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Half-closes: the server sees the end of the request stream but can still answer.</summary>
    public void EndSending() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads until the server closes the connection or the response's Content-Length is complete.</summary>
    public async Task<RawResponse> ReadResponseAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var read = await _stream.ReadAsync(chunk, cancel.Token);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            if (RawResponse.TryParse(buffer.ToArray(), out var complete))
            {
                return complete!;
            }
        }

        return RawResponse.TryParse(buffer.ToArray(), out var response) ? response! : throw new IOException($"Incomplete response: {Encoding.ASCII.GetString(buffer.ToArray())}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}

/// <summary>A response read by <see cref="RawHttp"/>.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("null body");

    internal static bool TryParse(byte[] bytes, out RawResponse? response)
    {
        response = null;
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("Content-Length", out var length) && Encoding.UTF8.GetByteCount(body) < int.Parse(length, System.Globalization.CultureInfo.InvariantCulture))
        {
            return false;
        }

        response = new RawResponse(status, headers, body);
        return true;
    }
}
