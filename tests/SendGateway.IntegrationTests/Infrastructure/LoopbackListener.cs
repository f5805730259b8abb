using System.Net;
using System.Net.Sockets;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP listener on 127.0.0.1 (ephemeral port), or on a given loopback address and port, that serves each connection on its own task with its number (0 for the
/// first); a connection the client drops, or the end of the test, ends its task quietly. For test servers that must
/// misbehave in ways a real server library would not let them.
/// </summary>
public sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Socket, int, CancellationToken, Task> _serve;
    private readonly Task _accepting;
    private int _connections;

    public LoopbackListener(Func<Socket, int, CancellationToken, Task> serve, IPEndPoint? endPoint = null)
    {
        _listener = new TcpListener(endPoint ?? new IPEndPoint(IPAddress.Loopback, 0));
        _serve = serve;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => _connections;

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

            var number = Interlocked.Increment(ref _connections) - 1;
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    try
                    {
                        await _serve(socket, number, _stop.Token).WaitAsync(_stop.Token);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        // The client went away, or the test ended.
                    }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
