using SendGateway.Server.EventContract;

namespace SendGateway.Server.Delivery;

/// <summary>
/// The result of one attempt (or of a step that ended it early): the event type, bounce class and what the
/// remote side said. <see cref="Retry"/> is true for temporary failures. <see cref="FollowUp"/> is an event type
/// recorded right after this one (the test-mode simulator's open, click or feedback).
/// </summary>
internal sealed record DeliveryOutcome(string Type, string? BounceClass, SmtpDetail? Smtp, string? Reason = null)
{
    public string? FollowUp { get; init; }

    /// <summary>The copy as it was sent, when its tenant keeps content (headers only past <c>Delivery:MaxKeptContentBytes</c>).</summary>
    public byte[]? SentMime { get; init; }

    /// <summary>Not attempted: put back in the schedule for this long, without an event (e.g. every warm-up allowance is spent).</summary>
    public TimeSpan? DeferFor { get; init; }

    /// <summary>With <see cref="DeferFor"/>: what holds the entry (<see cref="Queue.QueueEntry.HoldKey"/>), so releasing it makes the entry due at once.</summary>
    public string? HoldKey { get; init; }

    /// <summary>
    /// The reply matched a throttle or suspend rule of the rules file: a shaping action answers it for the source address
    /// alone, so the destination as a whole does not rest for it (no 421 back-off, no count of temporary failures).
    /// </summary>
    public bool ShapedPerSource { get; init; }

    public static DeliveryOutcome Deferred(TimeSpan wait, string reason) => new("deferred", null, null, reason) { DeferFor = wait };

    /// <summary>Not attempted because something holds it (<see cref="Queue.HoldReasons"/>): back on the schedule for <paramref name="wait"/> or until <paramref name="holdKey"/> is released.</summary>
    public static DeliveryOutcome Held(TimeSpan wait, string reason, string holdKey) => Deferred(wait, reason) with { HoldKey = holdKey };

    public bool Retry => Type == EventTypes.SoftBounce;

    public static DeliveryOutcome Temporary(string bounceClass, string enhanced, string text, string? mx, int attempt) =>
        new(EventTypes.SoftBounce, bounceClass, new SmtpDetail(null, enhanced, text, mx, null, false, attempt));

    public static DeliveryOutcome Permanent(string bounceClass, string enhanced, string text, string? mx, int attempt) =>
        new(EventTypes.HardBounce, bounceClass, new SmtpDetail(null, enhanced, text, mx, null, false, attempt));
}
