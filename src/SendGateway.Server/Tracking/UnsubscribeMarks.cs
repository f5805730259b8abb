using StackExchange.Redis;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Which messages' recipients already unsubscribed through their link (Redis, <c>sg:unsub:{message}</c>, kept
/// <see cref="Lifetime"/>): a repeated one-click POST records nothing more.
/// </summary>
internal sealed class UnsubscribeMarks(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    /// <summary>True the first time for a message.</summary>
    public async Task<bool> FirstAsync(string messageId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().StringSetAsync(Key(messageId), "1", Lifetime, When.NotExists);
    }

    /// <summary>Undoes <see cref="FirstAsync"/> when the unsubscribe could not be recorded, so the retry records it.</summary>
    public async Task ForgetAsync(string messageId) => await redis.GetDatabase().KeyDeleteAsync(Key(messageId));

    private static string Key(string messageId) => $"sg:unsub:{messageId}";
}
