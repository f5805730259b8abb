namespace SendGateway.Server.Messages;

public enum AcceptStatus
{
    Accepted,
    SenderNotAuthorized,
    Backpressure,
}
