namespace SendGateway.Server.Delivery;

/// <summary>A queue lane this node leases shards of: lane 0 (the default route) or a pool's, natively or as a stand-in for a rebound pool.</summary>
internal sealed record ServedLane(int Lane, string? Pool, bool StandIn);
