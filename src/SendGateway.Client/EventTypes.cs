namespace SendGateway.Client;

/// <summary>The event types (api.md §4), in rank order.</summary>
public static class EventTypes
{
    /// <summary>Accepted and queued.</summary>
    public const string Injected = "injected";

    /// <summary>A temporary failure; the message will be retried.</summary>
    public const string SoftBounce = "softbounce";

    /// <summary>Accepted by the recipient's server.</summary>
    public const string Ok = "ok";

    /// <summary>The tracking pixel was fetched.</summary>
    public const string Open = "open";

    /// <summary>A tracked link was followed.</summary>
    public const string Click = "click";

    /// <summary>Never sent (suppressed, disposable domain, invalid, blocked domain, cancelled).</summary>
    public const string Dropped = "dropped";

    /// <summary>A permanent failure.</summary>
    public const string HardBounce = "hardbounce";

    /// <summary>A permanent failure classified as a spam or policy block.</summary>
    public const string SpamBounce = "spambounce";

    /// <summary>The recipient unsubscribed.</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>An abuse complaint (ARF report).</summary>
    public const string Feedback = "feedback";
}
