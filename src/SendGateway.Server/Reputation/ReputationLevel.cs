namespace SendGateway.Server.Reputation;

/// <summary>What a tenant's rates call for.</summary>
internal enum ReputationLevel
{
    None,
    Warn,
    Pause,
}
