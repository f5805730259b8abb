using System.Net.Sockets;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>One connection through a <see cref="FaultProxy"/>: the client socket, its upstream socket and the token that ends both pumps.</summary>
internal sealed class ProxiedConnection : IDisposable
{
    private readonly Socket _client;
    private readonly CancellationTokenSource _cancellation;
    private int _closed;

    public ProxiedConnection(Socket client, CancellationTokenSource cancellation)
    {
        (_client, _cancellation) = (client, cancellation);
        Token = cancellation.Token;
    }

    public Socket Upstream { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public CancellationToken Token { get; }

    /// <summary>Closes both sides once; <paramref name="reset"/> sends RST instead of FIN (linger on, timeout 0).</summary>
    public void Close(bool reset)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (reset)
        {
            _client.LingerState = new LingerOption(true, 0);
            Upstream.LingerState = new LingerOption(true, 0);
        }
        else
        {
            Shutdown(_client); // a FIN first: closing a socket with a receive pending would otherwise reset it
            Shutdown(Upstream);
        }

        _client.Close(); // closed before the pumps are cancelled, so the reset is the first thing the peer sees
        Upstream.Close();
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Its pumps ended and disposed it meanwhile.
        }
    }

    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not connected (yet), or already gone.
        }
    }

    public void Dispose()
    {
        Close(reset: false);
        _client.Dispose();
        Upstream.Dispose();
        _cancellation.Dispose();
    }
}
