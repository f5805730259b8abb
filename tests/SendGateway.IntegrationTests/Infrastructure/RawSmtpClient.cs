using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Byte-exact SMTP for hostile-input tests (reliability.md §8): writes exactly what it is given, in one segment,
/// can bind a chosen 127.0.0.x source, and can switch to TLS after STARTTLS.
/// </summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public string Transcript { get; private set; } = string.Empty;

    public static async Task<RawSmtpClient> ConnectAsync(int port, string source = "127.0.0.1")
    {
        var tcp = new TcpClient(new IPEndPoint(IPAddress.Parse(source), 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var client = new RawSmtpClient(tcp);
        await client.ReadReplyAsync();
        return client;
    }

    /// <summary>Sends the bytes as they are and returns the next <paramref name="replies"/> complete replies (pipelined commands).</summary>
    public async Task<string> SendAsync(string text, int replies = 1)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
        return await ReadReplyAsync(replies: replies);
    }

    /// <summary>Writes bytes and waits for no reply: a flood, or a client that leaves in the middle of DATA.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends raw bytes (invalid UTF-8, large chunks) and returns the replies that follow.</summary>
    public async Task<string> SendBytesAsync(ReadOnlyMemory<byte> bytes, int seconds = 10)
    {
        for (var offset = 0; offset < bytes.Length; offset += 1 << 20)
        {
            await _stream.WriteAsync(bytes.Slice(offset, Math.Min(1 << 20, bytes.Length - offset)));
        }

        await _stream.FlushAsync();
        return await ReadReplyAsync(seconds);
    }

    /// <summary>Writes <paramref name="text"/> one octet per <paramref name="pause"/> (a slow client) until the server answers or closes; returns its reply.</summary>
    public async Task<string> TrickleAsync(string text, TimeSpan pause)
    {
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            if (_tcp.Available > 0)
            {
                break;
            }

            try
            {
                await _stream.WriteAsync(new[] { b });
                await _stream.FlushAsync();
            }
            catch (IOException)
            {
                break;
            }

            await Task.Delay(pause);
        }

        return await ReadReplyAsync();
    }

    /// <summary>Reads until <paramref name="replies"/> final reply lines (code + space) arrived or the server closed.</summary>
    public async Task<string> ReadReplyAsync(int seconds = 10, int replies = 1)
    {
        var received = new StringBuilder();
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var lines = received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            if (received.ToString().EndsWith("\r\n", StringComparison.Ordinal) && lines.Count(l => l.Length >= 4 && l[3] == ' ') >= replies)
            {
                break;
            }
        }

        Transcript += received.ToString();
        return received.ToString();
    }

    public async Task StartTlsAsync()
    {
        var reply = await SendAsync("STARTTLS\r\n");
        if (!reply.StartsWith("220", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"STARTTLS refused: {reply}");
        }

        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("relay.sendgateway.test");
        _stream = ssl;
    }

    public static string Plain(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
