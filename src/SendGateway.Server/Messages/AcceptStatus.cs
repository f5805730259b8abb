namespace SendGateway.Server.Messages;

internal enum AcceptStatus
{
    Accepted,
    SenderNotAuthorized,

    /// <summary>The sender's domain is the tenant's but not verified (its DKIM record not found): nothing was queued.</summary>
    DomainNotVerified,

    Backpressure,

    /// <summary>Redis or PostgreSQL failed: nothing was queued, the client retries.</summary>
    Unavailable,

    /// <summary>The tenant's hourly or daily sending quota would be exceeded: nothing was queued.</summary>
    QuotaExceeded,

    /// <summary>The message names an IP pool that is neither the tenant's default nor one of its allowed pools.</summary>
    PoolNotAllowed,

    /// <summary>The message names a stream the tenant does not have.</summary>
    StreamNotFound,
}
