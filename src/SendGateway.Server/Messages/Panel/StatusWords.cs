using SendGateway.Server.EventContract;

namespace SendGateway.Server.Messages.Panel;

/// <summary>A message status (an event type) as the panel shows it: a word people use and the badge's tone.</summary>
internal static class StatusWords
{
    public static readonly IReadOnlyList<string> InOrder =
        [EventTypes.Injected, EventTypes.SoftBounce, EventTypes.Ok, EventTypes.Open, EventTypes.Click, EventTypes.Dropped, EventTypes.HardBounce,
         EventTypes.SpamBounce, EventTypes.Unsubscribe, EventTypes.Feedback];

    public static string Word(string status) => status switch
    {
        EventTypes.Injected => "Queued",
        EventTypes.SoftBounce => "Retrying",
        EventTypes.Ok => "Delivered",
        EventTypes.Open => "Opened",
        EventTypes.Click => "Clicked",
        EventTypes.Dropped => "Dropped",
        EventTypes.HardBounce => "Bounced",
        EventTypes.SpamBounce => "Refused as spam",
        EventTypes.Unsubscribe => "Unsubscribed",
        EventTypes.Feedback => "Complaint",
        _ => status,
    };

    /// <summary>The badge's class: good news, waiting, a warning, a failure.</summary>
    public static string Tone(string status) => status switch
    {
        EventTypes.Ok or EventTypes.Open or EventTypes.Click => "badge good",
        EventTypes.Injected => "badge wait",
        EventTypes.SoftBounce or EventTypes.Unsubscribe => "badge warn",
        _ => "badge bad",
    };
}
