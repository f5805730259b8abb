namespace SendGateway.Server.Messages;

public enum AcceptStatus
{
    Accepted,
    SenderNotAuthorized,
    Backpressure,

    /// <summary>Redis or PostgreSQL failed: nothing was queued, the client retries.</summary>
    Unavailable,
}
