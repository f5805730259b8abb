namespace SendGateway.Server.Delivery.Holds;

/// <summary>What an operator queue control does to the mail it matches.</summary>
internal enum QueueControlAction
{
    /// <summary>Suspended: no attempt, nothing lost, until resumed (the queue lifetime still applies).</summary>
    Hold,

    /// <summary>Bounced by the operator: a <c>dropped</c> event with reason <c>operator</c>.</summary>
    Bounce,

    /// <summary>Rebound: sent from another IP pool.</summary>
    Rebind,
}
