namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>What a matching reply does.</summary>
internal enum ReplyAction
{
    /// <summary>Only classify the reply (<see cref="ReplyRule.BounceClass"/>, <see cref="ReplyRule.Hint"/>).</summary>
    Classify,

    /// <summary>A lower per-minute limit for that source address to that provider, for <see cref="ReplyRule.Duration"/>.</summary>
    Throttle,

    /// <summary>No attempts from that source address to that provider for <see cref="ReplyRule.Duration"/>.</summary>
    Suspend,
}
