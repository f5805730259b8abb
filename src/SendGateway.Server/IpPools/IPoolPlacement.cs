namespace SendGateway.Server.IpPools;

/// <summary>
/// Whether IP pools are placed on the delivery nodes that have their addresses (the queue's pool lanes,
/// <c>SendGateway:Queue:PoolLanes</c> above 0; the queue's options implement this). Then a pool's address need not be
/// bindable on the node that takes the operator's request; without lanes every node must have every address.
/// </summary>
internal interface IPoolPlacement
{
    bool PoolsPlacedOnNodes { get; }
}
