using StackExchange.Redis;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Which copies were opened early (Redis, <c>sg:opened:{message}</c>): set by an open within
/// <see cref="TrackingOptions.ClickBeforeOpenWindow"/> of delivery and kept only for that window, so a click in the
/// window can tell whether any open came before it. Outside the window neither side touches Redis for it.
/// </summary>
internal sealed class OpenMarks(IConnectionMultiplexer redis)
{
    public async Task MarkAsync(string messageId, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().StringSetAsync(Key(messageId), "1", keepFor);
    }

    public async Task<bool> WasOpenedAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().KeyExistsAsync(Key(messageId));
    }

    private static string Key(string messageId) => $"sg:opened:{messageId}";
}
