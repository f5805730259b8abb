using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// The network-fault proxy itself (issue 35's tool for faults between the service and its stores), on loopback in front
/// of a real echo server: each mode does what it says, switched while connections are open.
/// </summary>
[TestFixture]
public sealed class FaultProxyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task PassForwardsBothWaysAndCountsConnections()
    {
        await using var echo = Echo();
        await using var proxy = new FaultProxy(echo.Port);
        using var first = await ConnectAsync(proxy.Port);
        using var second = await ConnectAsync(proxy.Port);

        Assert.That(await RoundTripAsync(first, "one"), Is.EqualTo("one"));
        Assert.That(await RoundTripAsync(second, "two"), Is.EqualTo("two"));
        Assert.That(proxy.Connections, Is.EqualTo(2));
        Assert.That(proxy.Open, Is.EqualTo(2));
    }

    [Test]
    public async Task DelayHoldsEachChunkEachWay()
    {
        await using var echo = Echo();
        await using var proxy = new FaultProxy(echo.Port);
        using var client = await ConnectAsync(proxy.Port);
        Assert.That(await RoundTripAsync(client, "warm"), Is.EqualTo("warm"));

        proxy.Delay(TimeSpan.FromMilliseconds(400));
        var elapsed = Stopwatch.StartNew();
        Assert.That(await RoundTripAsync(client, "late"), Is.EqualTo("late"));
        Assert.That(elapsed.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(790)), "held 400 ms on the way there and 400 ms back");
    }

    [Test]
    public async Task BlackholeKeepsConnectionsAndForwardsNothingUntilPassThenWhatWasHeldArrives()
    {
        await using var echo = Echo();
        await using var proxy = new FaultProxy(echo.Port);
        using var open = await ConnectAsync(proxy.Port);
        Assert.That(await RoundTripAsync(open, "before"), Is.EqualTo("before"));

        proxy.Blackhole();
        await open.SendAsync(Encoding.ASCII.GetBytes("held"));
        using var late = await ConnectAsync(proxy.Port); // accepted: a hanging store, not a refusing one
        await late.SendAsync(Encoding.ASCII.GetBytes("also"));
        var openAnswer = ReceiveAsync(open);
        var lateAnswer = ReceiveAsync(late);
        var quiet = Task.Delay(TimeSpan.FromSeconds(2)); // how long the absence of an answer is watched, not a wait for one
        Assert.That(await Task.WhenAny(openAnswer, lateAnswer, quiet), Is.SameAs(quiet), "no answer while blackholed, nor a close");
        Assert.That(proxy.Open, Is.EqualTo(2), "both connections kept");

        proxy.Pass();
        Assert.That(await openAnswer.WaitAsync(Patience), Is.EqualTo("held"), "what was sent into the blackhole arrives after it");
        Assert.That(await lateAnswer.WaitAsync(Patience), Is.EqualTo("also"));
    }

    [Test]
    public async Task ResetSendsRstToOpenAndNewConnections()
    {
        await using var echo = Echo();
        await using var proxy = new FaultProxy(echo.Port);
        using var open = await ConnectAsync(proxy.Port);
        Assert.That(await RoundTripAsync(open, "before"), Is.EqualTo("before"));

        proxy.Reset();
        var error = Assert.ThrowsAsync<SocketException>(async () => await ReceiveWithinAsync(open, Patience));
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset), "an open connection is reset, not closed");
        error = Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var late = await ConnectAsync(proxy.Port); // the reset may come before the connect is seen complete
            await ReceiveWithinAsync(late, Patience);
        });
        Assert.That(error!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset), "a new connection is accepted, then reset");
        Assert.That(proxy.Connections, Is.EqualTo(2), "the new connection was accepted");

        proxy.Pass();
        using var after = await ConnectAsync(proxy.Port);
        Assert.That(await RoundTripAsync(after, "after"), Is.EqualTo("after"));
    }

    [Test]
    public async Task CutClosesOpenConnectionsAndRefusesNewOnesUntilPassOnTheSamePort()
    {
        await using var echo = Echo();
        await using var proxy = new FaultProxy(echo.Port);
        using var open = await ConnectAsync(proxy.Port);
        Assert.That(await RoundTripAsync(open, "before"), Is.EqualTo("before"));

        proxy.Cut();
        Assert.That(await ReceiveWithinAsync(open, Patience), Is.EqualTo(string.Empty), "closed with a FIN (end of stream)");
        var refused = Assert.ThrowsAsync<SocketException>(async () => (await ConnectAsync(proxy.Port)).Dispose());
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));

        proxy.Pass();
        using var after = await ConnectAsync(proxy.Port);
        Assert.That(await RoundTripAsync(after, "after"), Is.EqualTo("after"));
        Assert.That(proxy.Connections, Is.EqualTo(2), "the refused attempt was never a connection");
    }

    /// <summary>A real TCP server that writes back what it reads.</summary>
    private static LoopbackListener Echo() => new(async (socket, _, cancellationToken) =>
    {
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
        }
    });

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string?> RoundTripAsync(Socket socket, string text)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(text));
        return await ReceiveWithinAsync(socket, Patience);
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[1024];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>What arrives within <paramref name="wait"/> (empty at the end of the stream), or null if nothing did.</summary>
    private static async Task<string?> ReceiveWithinAsync(Socket socket, TimeSpan wait)
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
