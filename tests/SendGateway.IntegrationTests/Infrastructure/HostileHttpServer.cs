using System.IO.Compression;
using System.Net;
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
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _bodyBytes;

    public HostileHttpServer(string mode)
    {
        Mode = mode;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Mode { get; }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{Mode}";

    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var stream = new NetworkStream(socket, ownsSocket: true);
                try
                {
                    await ReadRequestAsync(stream);
                    await AttackAsync(stream);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client stopped reading and closed: the bound the test checks.
                }
            });
        }
    }

    private async Task ReadRequestAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
        {
            head.Append((char)one[0]);
        }

        var length = head.ToString().Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
    }

    private async Task AttackAsync(NetworkStream stream)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        switch (Mode)
        {
            case "huge":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\n"u8.ToArray(), _stop.Token);
                while (DateTime.UtcNow < deadline)
                {
                    await stream.WriteAsync(Zeros, _stop.Token);
                    Interlocked.Add(ref _bodyBytes, Zeros.Length);
                }

                break;
            case "chunked":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray(), _stop.Token);
                var header = Encoding.ASCII.GetBytes($"{Zeros.Length:x}\r\n");
                while (DateTime.UtcNow < deadline)
                {
                    await stream.WriteAsync(header, _stop.Token);
                    await stream.WriteAsync(Zeros, _stop.Token);
                    await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token);
                    Interlocked.Add(ref _bodyBytes, Zeros.Length);
                }

                break;
            default:
                var bomb = GzippedZeros(64 << 20);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: {bomb.Length}\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(bomb, _stop.Token);
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
