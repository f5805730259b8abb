using SendGateway.Server.Delivery.Holds;
using SendGateway.Server.IpPools;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Which queue lanes this node serves (<see cref="PoolLanes"/>): the default route's on every node; a pool's where some
/// of its addresses are local (<see cref="LocalSources"/>), or where it is gone (its mail meets the missing pool there);
/// and, as a stand-in, the lane of a pool an operator rebound to a pool of this node while no node of its own serves it.
/// </summary>
internal sealed class PoolPlacement(PoolLanes lanes, SourceSelector sources, IQueueControls controls)
{
    private static readonly ServedLane DefaultRoute = new(0, null, false);

    public async Task<IReadOnlyList<ServedLane>> LanesAsync(CancellationToken cancellationToken)
    {
        List<ServedLane> served = [DefaultRoute];
        if (!lanes.Enabled)
        {
            return served;
        }

        var pools = await lanes.PoolsAsync(cancellationToken);
        foreach (var (lane, pool) in pools.OrderBy(p => p.Key))
        {
            if (await sources.IsOnThisNodeAsync(pool, cancellationToken) is true or null)
            {
                served.Add(new ServedLane(lane, pool, false));
            }
        }

        var rebinds = await controls.RebindsAsync(cancellationToken);
        if (rebinds.Count == 0)
        {
            return served;
        }

        var unserved = await lanes.UnservedAsync(cancellationToken);
        var laneOf = pools.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        foreach (var (from, to) in rebinds)
        {
            if (laneOf.TryGetValue(from, out var lane) && unserved.Contains(lane) && served.All(s => s.Lane != lane)
                && await sources.IsOnThisNodeAsync(to, cancellationToken) == true)
            {
                served.Add(new ServedLane(lane, from, true));
            }
        }

        return served;
    }
}
