using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A webhook receiver on 127.0.0.1 whose n-th request (0 first, over all connections) gets the <see cref="HookAnswer"/>
/// its script names: for the endpoint faults of reliability.md T49–T53 that the Node receiver cannot play (resets,
/// hangs, 1 B/s). Keeps connections alive between answered requests; records every request with its arrival time, and
/// says when a trickled answer ended because the client closed the connection. With a certificate it serves https
/// (reliability.md T55).
/// </summary>
public sealed class ScriptedWebhookServer : IAsyncDisposable
{
    private readonly Func<int, HookAnswer> _script;
    private readonly X509Certificate2? _certificate;
    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<ScriptedHookRequest> _requests = new();
    private readonly TaskCompletionSource _trickleCut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public ScriptedWebhookServer(Func<int, HookAnswer> script, X509Certificate2? certificate = null)
    {
        _script = script;
        _certificate = certificate;
        _listener = new LoopbackListener(ServeAsync);
    }

    public int Port => _listener.Port;

    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/hook";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => _listener.Connections;

    public IReadOnlyList<ScriptedHookRequest> Requests => [.. _requests];

    /// <summary>Completes when the client closed a connection while an answer was being trickled.</summary>
    public Task TrickleCutByClient => _trickleCut.Task;

    private async Task ServeAsync(Socket socket, int connection, CancellationToken token)
    {
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await using var stream = _certificate is null ? (Stream)network : new SslStream(network, leaveInnerStreamOpen: true);
        if (stream is SslStream tls)
        {
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                return; // the client refused the certificate
            }
        }

        while (await ReadRequestAsync(stream, token) is { } request)
        {
            _requests.Enqueue(request);
            var answer = _script(Interlocked.Increment(ref _count) - 1);
            switch (answer.Kind)
            {
                case "status":
                    var header = answer.Header is null ? string.Empty : answer.Header + "\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {answer.StatusCode} Scripted\r\nContent-Length: 0\r\n{header}\r\n"), token);
                    continue;
                case "reset":
                    socket.LingerState = new LingerOption(true, 0); // close now sends RST
                    socket.Close();
                    return;
                case "hang":
                    while (await stream.ReadAsync(new byte[1], token) > 0)
                    {
                        // until the client gives up and closes
                    }

                    return;
                case "trickle-head":
                    await TrickleAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", token);
                    return;
                default:
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"u8.ToArray(), token);
                    await TrickleAsync(stream, new string('x', 1000), token);
                    return;
            }
        }
    }

    /// <summary>Writes one byte a second until all is written or the client closes the connection (a read returns).</summary>
    private async Task TrickleAsync(Stream stream, string text, CancellationToken token)
    {
        var closed = stream.ReadAsync(new byte[1], token).AsTask();
        try
        {
            foreach (var b in Encoding.ASCII.GetBytes(text))
            {
                await stream.WriteAsync(new[] { b }, token);
                if (await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(1), token)) == closed)
                {
                    _trickleCut.TrySetResult();
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            _trickleCut.TrySetResult();
        }
    }

    private static async Task<ScriptedHookRequest?> ReadRequestAsync(Stream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, token) != 1)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var arrived = DateTimeOffset.UtcNow;
        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = new byte[int.Parse(headers.GetValueOrDefault("content-length", "0"), System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body, token);
        return new ScriptedHookRequest(arrived, lines[0].Split(' ')[1], headers, Encoding.UTF8.GetString(body));
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
