using System.Collections.Concurrent;
using System.Net;
using SendGateway.Smtp;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A receiving MX built on our own SendGateway.Smtp, bound to one 127.0.0.x address, scripted by <see cref="ScriptedMxHandler"/>.</summary>
public sealed class TestMx : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private readonly SmtpServer _server;

    public TestMx(IPEndPoint endPoint) => _server = SmtpServer.Start(endPoint, () => new ScriptedMxHandler(this), new SmtpSessionOptions { HostName = "mx.test" });

    public IPEndPoint EndPoint => _server.EndPoint;

    public IReadOnlyCollection<ReceivedMessage> Received => _received;

    public IEnumerable<ReceivedMessage> For(string recipient) => _received.Where(m => m.Recipients.Contains(recipient, StringComparer.OrdinalIgnoreCase));

    internal bool FirstTime(string key) => _seen.AddOrUpdate(key, 1, (_, n) => n + 1) == 1;

    internal void Record(ReceivedMessage message) => _received.Enqueue(message);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
