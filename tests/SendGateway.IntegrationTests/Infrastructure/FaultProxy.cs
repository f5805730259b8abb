using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 (ephemeral port) in front of a real server (Redis, PostgreSQL, an MX): the network faults
/// of reliability.md §7 between the service and its stores, switchable while the test runs (<see cref="FaultMode"/>).
/// Written here rather than taken from a package: Toxiproxy is a Go server (no Debian or NuGet package of it), and its
/// .NET clients only drive that server. Each connection gets its own upstream connection and two pumps, one per way.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, ProxiedConnection> _open = new();
    private readonly Lock _gate = new();
    private TcpListener _listener;
    private Task _accepting;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReplyLoss? _replyLoss;
    private int _connections;
    private byte[]? _holdMarker;

    public FaultProxy(int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    public int Port { get; }

    public FaultMode Mode { get; private set; }

    public TimeSpan Latency { get; private set; }

    /// <summary>Connections accepted since the start (refused ones are not counted).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections open now.</summary>
    public int Open => _open.Count;

    public void Pass() => Switch(FaultMode.Pass, TimeSpan.Zero);

    public void Delay(TimeSpan latency) => Switch(FaultMode.Delay, latency);

    public void Blackhole() => Switch(FaultMode.Blackhole, TimeSpan.Zero);

    public void HoldReplies() => Switch(FaultMode.HoldReplies, TimeSpan.Zero);

    /// <summary>
    /// Passes until a chunk from a client holds <paramref name="marker"/> (a key name of one command, say), then holds the
    /// replies from before that chunk is forwarded: the server runs that command, its client never hears of it.
    /// </summary>
    public void HoldRepliesAfter(string marker) => Volatile.Write(ref _holdMarker, System.Text.Encoding.Latin1.GetBytes(marker));

    public void Reset() => Switch(FaultMode.Reset, TimeSpan.Zero);

    public void Cut() => Switch(FaultMode.Cut, TimeSpan.Zero);

    /// <summary>Once, a request whose reply is lost (<see cref="ReplyLoss"/>); the task ends when it happened.</summary>
    public Task LoseReplyAsync(byte[] armedBy, byte[] request) => (_replyLoss = new ReplyLoss(armedBy, request)).Done;

    private void Switch(FaultMode mode, TimeSpan latency)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var wasCut = Mode == FaultMode.Cut;
            (Mode, Latency, changed) = (mode, latency, _changed);
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (mode == FaultMode.Cut && !wasCut)
            {
                _listener.Stop(); // new connections are refused by the kernel
            }
            else if (mode != FaultMode.Cut && wasCut)
            {
                _listener = new TcpListener(IPAddress.Loopback, Port);
                _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                _listener.Start();
                _accepting = AcceptAsync(_listener, _stop.Token);
            }
        }

        changed.TrySetResult(); // held chunks look at the new mode
        if (mode is FaultMode.Reset or FaultMode.Cut)
        {
            foreach (var connection in _open.Values)
            {
                connection.Close(reset: mode == FaultMode.Reset);
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return; // the proxy was disposed, or cut (the listener stopped)
            }

            var number = Interlocked.Increment(ref _connections);
            _ = ServeAsync(number, client, cancellationToken);
        }
    }

    private async Task ServeAsync(int number, Socket client, CancellationToken cancellationToken)
    {
        using var connection = new ProxiedConnection(client, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        if (Mode == FaultMode.Reset)
        {
            connection.Close(reset: true);
            return;
        }

        _open[number] = connection;
        try
        {
            await connection.Upstream.ConnectAsync(_upstream, connection.Token);
            var up = PumpAsync(client, connection.Upstream, (number, connection, ToServer: true), connection.Token);
            var down = PumpAsync(connection.Upstream, client, (number, connection, ToServer: false), connection.Token);
            await Task.WhenAny(up, down); // one side closed or failed: the other is closed with it
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The upstream refused, or the connection was closed by a mode or the end of the test.
        }
        finally
        {
            _open.TryRemove(number, out _);
            connection.Close(reset: Mode == FaultMode.Reset);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, (int Number, ProxiedConnection Connection, bool ToServer) way, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                if (way.ToServer && Volatile.Read(ref _holdMarker) is { } marker && buffer.AsSpan(0, read).IndexOf(marker) >= 0
                    && Interlocked.CompareExchange(ref _holdMarker, null, marker) == marker)
                {
                    HoldReplies();
                }

                await HoldAsync(reply: !way.ToServer, cancellationToken);
                var loss = _replyLoss;
                var lost = loss is not null && (way.ToServer ? loss.IsTheRequest(way.Number, buffer.AsSpan(0, read)) : loss.Drops(way.Number));
                if (lost && !way.ToServer)
                {
                    continue;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
                if (lost)
                {
                    await loss!.ReplyRead.WaitAsync(cancellationToken);
                    way.Connection.Close(reset: true);
                    loss.Happened();
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed by the other side, a mode, or the end of the test.
        }
    }

    /// <summary>Waits as the mode says before a chunk (a <paramref name="reply"/> from the server or not) is forwarded: the latency, or until a hold ends.</summary>
    private async Task HoldAsync(bool reply, CancellationToken cancellationToken)
    {
        while (true)
        {
            FaultMode mode;
            TimeSpan latency;
            Task changed;
            lock (_gate)
            {
                (mode, latency, changed) = (Mode, Latency, _changed.Task);
            }

            switch (mode)
            {
                case FaultMode.Blackhole:
                case FaultMode.HoldReplies when reply:
                    await changed.WaitAsync(cancellationToken);
                    continue;
                case FaultMode.Delay:
                    await Task.Delay(latency, cancellationToken);
                    return;
                case FaultMode.Reset or FaultMode.Cut:
                    throw new OperationCanceledException("the connection is being closed");
                default:
                    return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task accepting;
        lock (_gate)
        {
            _listener.Stop();
            accepting = _accepting;
        }

        foreach (var connection in _open.Values)
        {
            connection.Close(reset: false);
        }

        await accepting;
        _stop.Dispose();
    }
}
