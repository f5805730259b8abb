namespace SendGateway.Server.Messages;

internal enum SenderState
{
    /// <summary>Not one of the tenant's domains.</summary>
    NotOwned,

    /// <summary>The tenant's, but its DKIM record has not been found (or a re-check stopped it): nothing is sent from it.</summary>
    NotVerified,

    Verified,
}
