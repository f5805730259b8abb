using System.IO.Compression;
using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A webhook receiver that answers 200 and then attacks the client with its body (reliability.md T54): <c>huge</c>
/// announces 10 GB and streams zeros, <c>chunked</c> streams chunks for ever, <c>gzip</c> sends 64 MB of zeros gzipped
/// (a decompression bomb of ~1000:1). It counts the body bytes it managed to hand to the client, and says how its
/// first endless body ended: the client closed the connection, or the server gave up after 30 s of writing.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    private static readonly byte[] Zeros = new byte[64 * 1024];
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

    /// <summary>Completes when the first endless body (<c>huge</c>, <c>chunked</c>) stopped: true when the client closed the connection, false at the 30 s deadline.</summary>
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
                await EndlessAsync(deadline, async () => await stream.WriteAsync(Zeros, token));
                break;
            case "chunked":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), token);
                var header = Encoding.ASCII.GetBytes($"{Zeros.Length:x}\r\n");
                await EndlessAsync(deadline, async () =>
                {
                    await stream.WriteAsync(header, token);
                    await stream.WriteAsync(Zeros, token);
                    await stream.WriteAsync("\r\n"u8.ToArray(), token);
                });
                break;
            default:
                var bomb = GzippedZeros(64 << 20);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: {bomb.Length}\r\n\r\n"), token);
                await stream.WriteAsync(bomb, token);
                Interlocked.Add(ref _bodyBytes, bomb.Length);
                break;
        }
    }

    /// <summary>Writes body blocks until the deadline or until the client closes the connection, and records which came first.</summary>
    private async Task EndlessAsync(DateTime deadline, Func<Task> writeBlockAsync)
    {
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                await writeBlockAsync();
                Interlocked.Add(ref _bodyBytes, Zeros.Length);
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            _closedByClient.TrySetResult(true);
            throw;
        }

        _closedByClient.TrySetResult(false);
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
