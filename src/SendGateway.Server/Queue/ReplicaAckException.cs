using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Fewer replicas than <c>Queue:MinReplicasToAck</c> confirmed an enqueue within <c>Queue:ReplicaAckTimeout</c>: a
/// <see cref="RedisException"/>, so every front answers it as the temporary failure it is (503 with Retry-After, 451 4.3.0).
/// The written entry stays queued (see <see cref="ReplicaAck"/>).
/// </summary>
internal sealed class ReplicaAckException(int wanted, long acknowledged, TimeSpan timeout)
    : RedisException($"WAIT: {acknowledged} of {wanted} replicas acknowledged the enqueue within {timeout.TotalMilliseconds} ms")
{
    public int Wanted { get; } = wanted;

    public long Acknowledged { get; } = acknowledged;
}
