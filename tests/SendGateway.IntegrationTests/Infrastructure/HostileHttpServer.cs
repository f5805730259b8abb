using System.IO.Compression;
using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A webhook receiver that answers 200 and then attacks the client with its body (reliability.md T54): <c>huge</c>
/// announces 10 GB and streams zeros, <c>chunked</c> streams chunks for ever, <c>gzip</c> sends 64 MB of zeros gzipped
/// (a decompression bomb of ~1000:1). It counts the body bytes it managed to hand to the client.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    private static readonly byte[] Zeros = new byte[64 * 1024];
    private readonly LoopbackListener _listener;
    private long _bodyBytes;

    public HostileHttpServer(string mode)
    {
        Mode = mode;
        _listener = new LoopbackListener(async (socket, _, token) =>
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await ReadRequestAsync(stream, token);
            await AttackAsync(stream, token);
        });
    }

    public string Mode { get; }

    public string Url => $"http://127.0.0.1:{_listener.Port}/{Mode}";

    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, token) == 1)
        {
            head.Append((char)one[0]);
        }

        var length = head.ToString().Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, token);
    }

    private async Task AttackAsync(NetworkStream stream, CancellationToken token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        switch (Mode)
        {
            case "huge":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\n"u8.ToArray(), token);
                while (DateTime.UtcNow < deadline)
                {
                    await stream.WriteAsync(Zeros, token);
                    Interlocked.Add(ref _bodyBytes, Zeros.Length);
                }

                break;
            case "chunked":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), token);
                var header = Encoding.ASCII.GetBytes($"{Zeros.Length:x}\r\n");
                while (DateTime.UtcNow < deadline)
                {
                    await stream.WriteAsync(header, token);
                    await stream.WriteAsync(Zeros, token);
                    await stream.WriteAsync("\r\n"u8.ToArray(), token);
                    Interlocked.Add(ref _bodyBytes, Zeros.Length);
                }

                break;
            default:
                var bomb = GzippedZeros(64 << 20);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: {bomb.Length}\r\n\r\n"), token);
                await stream.WriteAsync(bomb, token);
                Interlocked.Add(ref _bodyBytes, bomb.Length);
                break;
        }
    }

    private static byte[] GzippedZeros(int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var written = 0; written < size; written += Zeros.Length)
            {
                gzip.Write(Zeros);
            }
        }

        return output.ToArray();
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
