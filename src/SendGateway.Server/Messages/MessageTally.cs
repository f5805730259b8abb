namespace SendGateway.Server.Messages;

/// <summary>
/// Messages accepted in a bucket (an hour, a day, a tag, a recipient domain, or the whole range when
/// <paramref name="Key"/> is null), each counted once by its state now: <see cref="Sent"/> is the sum of the other four.
/// </summary>
/// <param name="Delivered">Accepted by the recipient's server (<c>ok</c>, and what only follows it: opens, clicks, unsubscribes, complaints).</param>
/// <param name="Bounced">Ended in a hard or spam bounce (an earlier soft bounce that a retry delivered counts as delivered only).</param>
/// <param name="Dropped">Never sent: suppressed, cancelled, expired before an attempt (a dead letter, which an operator may replay, is waiting).</param>
/// <param name="Waiting">No final state yet: queued, scheduled, retrying after a soft bounce, held or in the dead letters.</param>
internal sealed record MessageTally(string? Key, long Sent, long Delivered, long Bounced, long Dropped, long Waiting)
{
    public static readonly MessageTally Empty = new(null, 0, 0, 0, 0, 0);

    public MessageTally Plus(MessageTally other) =>
        new(Key, Sent + other.Sent, Delivered + other.Delivered, Bounced + other.Bounced, Dropped + other.Dropped, Waiting + other.Waiting);
}
