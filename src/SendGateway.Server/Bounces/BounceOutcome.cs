namespace SendGateway.Server.Bounces;

/// <summary>What became of a report for one message: recorded, deferred (message not known yet: 451), or discarded (too old to matter).</summary>
internal enum BounceOutcome
{
    Recorded,
    Deferred,
    Discarded,
}
