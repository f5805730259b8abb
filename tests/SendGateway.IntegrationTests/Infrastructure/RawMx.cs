using System.Collections.Concurrent;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// An MX that misbehaves on purpose (reliability.md §7, T61–T76), on a raw socket so it can do what a correct SMTP
/// server never would: close after the dot, reply 5xx to the greeting, never greet, send garbage, reset after 250.
/// <see cref="Script"/> runs for each connection with its number (0 for the first); <see cref="ServeAsync"/> is a plain,
/// correct conversation the scripts fall back to. Every message received to the end is kept.
/// </summary>
public sealed class RawMx : IAsyncDisposable
{
    private readonly LoopbackListener _listener;

    /// <param name="endPoint">Where to listen: 127.0.0.1 on an ephemeral port unless given (an MX reached through DNS listens on the common MX port).</param>
    public RawMx(Func<RawMxConnection, int, Task> script, System.Net.IPEndPoint? endPoint = null)
    {
        Script = script;
        _listener = new LoopbackListener(async (socket, number, _) =>
        {
            using var connection = new RawMxConnection(socket, this);
            await Script(connection, number);
        }, endPoint);
    }

    public Func<RawMxConnection, int, Task> Script { get; }

    public int Port => _listener.Port;

    public ConcurrentQueue<string> Received { get; } = new();

    public int Connections => _listener.Connections;

    /// <summary>A correct conversation from the greeting on (or from EHLO when <paramref name="greet"/> is false).</summary>
    /// <param name="onCommand">A reply of its own for a command line, or null for the correct one.</param>
    /// <param name="afterData">What follows the received message instead of <c>250</c> (a close, a reset…).</param>
    public static async Task ServeAsync(
        RawMxConnection c, bool greet = true, string? ehloExtra = null, Func<string, string?>? onCommand = null, Func<RawMxConnection, Task>? afterData = null)
    {
        if (greet)
        {
            await c.WriteAsync("220 raw.mx.test ESMTP");
        }

        while (await c.ReadLineAsync() is { } line)
        {
            if (onCommand?.Invoke(line) is { } custom)
            {
                await c.WriteAsync(custom);
                continue;
            }

            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await c.WriteAsync(ehloExtra is null ? "250 raw.mx.test" : $"250-raw.mx.test\r\n250 {ehloExtra}");
                    break;
                case "DATA":
                    await c.WriteAsync("354 go ahead");
                    c.Owner.Received.Enqueue(await c.ReadDataAsync());
                    await (afterData ?? (x => x.WriteAsync("250 2.0.0 Ok: queued")))(c);
                    break;
                case "QUIT":
                    await c.WriteAsync("221 bye");
                    return;
                default:
                    await c.WriteAsync("250 ok");
                    break;
            }
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
