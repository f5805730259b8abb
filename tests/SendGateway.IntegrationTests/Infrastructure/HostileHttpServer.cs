using System.IO.Compression;
using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A webhook receiver that answers 200 and then attacks the client with its body (reliability.md T54): <c>huge</c>
/// announces 10 GB and streams zeros, <c>chunked</c> streams chunks for ever, <c>gzip</c> streams gzip members of 64 MB
/// of zeros each for ever (a decompression bomb of ~1000:1 that never ends). It counts the body bytes it managed to hand
/// to the client, and says how its first body ended: the client closed the connection, or the server gave up after 30 s.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    private static readonly byte[] Zeros = new byte[64 * 1024];
    private static readonly Lazy<byte[]> Bomb = new(() => GzippedZeros(64 << 20));
    private readonly LoopbackListener _listener;
    private readonly TaskCompletionSource<bool> _closedByClient = new(TaskCreationOptions.RunContinuationsAsynchronously);
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

    /// <summary>Completes when the first endless body stopped: true when the client closed the connection, false at the 30 s deadline.</summary>
    public Task<bool> EndlessBodyEnded => _closedByClient.Task;

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
                await EndlessAsync(deadline, Zeros.Length, async () => await stream.WriteAsync(Zeros, token));
                break;
            case "chunked":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), token);
                await EndlessAsync(deadline, Zeros.Length, () => WriteChunkAsync(stream, Zeros, token));
                break;
            default:
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), token);
                var member = Bomb.Value; // consecutive gzip members are one gzip stream (RFC 1952)
                await EndlessAsync(deadline, member.Length, () => WriteChunkAsync(stream, member, token));
                break;
        }
    }

    /// <summary>Writes body blocks until the deadline or until the client closes the connection, and records which came first.</summary>
    private async Task EndlessAsync(DateTime deadline, int blockBytes, Func<Task> writeBlockAsync)
    {
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                await writeBlockAsync();
                Interlocked.Add(ref _bodyBytes, blockBytes);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            _closedByClient.TrySetResult(true);
            throw;
        }

        _closedByClient.TrySetResult(false);
    }

    private static async Task WriteChunkAsync(NetworkStream stream, byte[] data, CancellationToken token)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), token);
        await stream.WriteAsync(data, token);
        await stream.WriteAsync("\r\n"u8.ToArray(), token);
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
