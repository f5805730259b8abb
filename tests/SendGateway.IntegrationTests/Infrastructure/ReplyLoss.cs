using System.Collections.Concurrent;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A <see cref="FaultProxy"/> fault that strikes once: on the first connection whose traffic to the server carried
/// <c>armedBy</c>, the next request carrying <c>request</c> is forwarded, the server's reply to it is read and dropped,
/// then the connection is reset. The server did what was asked (a COMMIT: committed) and the client never learns it
/// (reliability.md T92's late commit). Requests are matched within one chunk: fit for short messages sent alone.
/// </summary>
internal sealed class ReplyLoss(byte[] armedBy, byte[] request)
{
    private readonly ConcurrentDictionary<int, bool> _armed = new();
    private readonly TaskCompletionSource _replyRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _victim = -1;

    /// <summary>Ends once the reply was dropped and the connection reset.</summary>
    public Task Done => _done.Task;

    public Task ReplyRead => _replyRead.Task;

    /// <summary>For a chunk on its way to the server: true when it is the request whose reply is to be lost.</summary>
    public bool IsTheRequest(int connection, ReadOnlySpan<byte> chunk)
    {
        if (Volatile.Read(ref _victim) >= 0)
        {
            return false;
        }

        if (!_armed.ContainsKey(connection))
        {
            if (chunk.IndexOf(armedBy) < 0)
            {
                return false;
            }

            _armed[connection] = true;
        }

        return chunk.IndexOf(request) >= 0 && Interlocked.CompareExchange(ref _victim, connection, -1) == -1;
    }

    /// <summary>For a chunk on its way to the client: true when it is to be dropped (the reply of the request).</summary>
    public bool Drops(int connection)
    {
        if (Volatile.Read(ref _victim) != connection)
        {
            return false;
        }

        _replyRead.TrySetResult();
        return true;
    }

    public void Happened() => _done.TrySetResult();
}
