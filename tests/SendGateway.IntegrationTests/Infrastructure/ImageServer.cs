using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A plain HTTP server on 127.0.0.1 (ephemeral port) that answers every GET with a 1×1 GIF and remembers the path of
/// each request: what a remote image in an email would reach, so a test can see whether a view fetched it.
/// </summary>
public sealed class ImageServer : IAsyncDisposable
{
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private readonly ConcurrentQueue<string> _paths = new();
    private readonly LoopbackListener _listener;

    public ImageServer() => _listener = new LoopbackListener(async (socket, _, token) =>
    {
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, token) == 1)
        {
            head.Append((char)one[0]);
        }

        var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
        if (requestLine.Length < 2)
        {
            return;
        }

        _paths.Enqueue(requestLine[1]);
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nContent-Length: {Gif.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(answer, token);
        await stream.WriteAsync(Gif, token);
    });

    public string Origin => $"http://127.0.0.1:{_listener.Port}";

    /// <summary>The path of every request so far, in order.</summary>
    public IReadOnlyList<string> Paths => [.. _paths];

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
