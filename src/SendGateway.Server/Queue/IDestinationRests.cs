namespace SendGateway.Server.Queue;

/// <summary>
/// Whether a destination rests (traffic shaping's back-off), for the queue views. Implemented by delivery's throttle, so
/// the queue does not depend on delivery.
/// </summary>
internal interface IDestinationRests
{
    Task<(TimeSpan Remaining, string Reason)?> BackoffAsync(string domain, CancellationToken cancellationToken);
}
