using System.Net;
using System.Net.Sockets;

namespace SendGateway.Smtp;

/// <summary>
/// A plain-TCP SMTP listener for sinks, test MX servers and the bounce listener. Binds the given endpoint
/// (port 0 for an ephemeral port), serves at most <c>maxConnections</c> sessions at once.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<ISmtpSessionHandler> _handlerFactory;
    private readonly SmtpSessionOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _active;

    private SmtpServer(Socket listener, Func<ISmtpSessionHandler> handlerFactory, SmtpSessionOptions options, int maxConnections)
    {
        _listener = listener;
        _handlerFactory = handlerFactory;
        _options = options;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public int ActiveSessions => Volatile.Read(ref _active);

    public static SmtpServer Start(IPEndPoint endPoint, Func<ISmtpSessionHandler> handlerFactory, SmtpSessionOptions? options = null, int maxConnections = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endPoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new SmtpServer(listener, handlerFactory, options ?? new SmtpSessionOptions(), maxConnections);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _active);
        try
        {
            client.NoDelay = true;
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var session = new SmtpSession(SmtpTransport.FromStream(stream), _handlerFactory(), _options, client.RemoteEndPoint);
            await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or the server is stopping: nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
