namespace SendGateway.Server.Streams.Panel;

/// <summary>
/// The Streams page's one tracking choice for a stream's two tracking fields: the account's settings (both unset), or
/// opens and clicks set on or off together as one of four combinations.
/// </summary>
internal static class StreamTracking
{
    public const string Default = "default";

    /// <summary>Every choice with its label, the default first.</summary>
    public static readonly (string Value, string Label)[] Choices =
    [
        (Default, "account's settings (default)"),
        ("opens_clicks", "opens and clicks"),
        ("opens", "opens only"),
        ("clicks", "clicks only"),
        ("none", "neither"),
    ];

    /// <summary>The stream's <c>track_opens</c> and <c>track_clicks</c> for a choice; both null for the default (or an unknown choice).</summary>
    public static (bool? Opens, bool? Clicks) Values(string? choice) => choice switch
    {
        "opens_clicks" => (true, true),
        "opens" => (true, false),
        "clicks" => (false, true),
        "none" => (false, false),
        _ => (null, null),
    };

    /// <summary>The choice a stream's fields match (a field left unset takes <paramref name="accountOpens"/> or <paramref name="accountClicks"/>).</summary>
    public static string Of(MessageStream stream, bool accountOpens, bool accountClicks) =>
        (stream.TrackOpens, stream.TrackClicks) is (null, null) ? Default
            : (stream.TrackOpens ?? accountOpens, stream.TrackClicks ?? accountClicks) switch
            {
                (true, true) => "opens_clicks",
                (true, false) => "opens",
                (false, true) => "clicks",
                _ => "none",
            };

    /// <summary>What the list shows: each field's value, "(account)" after one the stream leaves to the account's settings.</summary>
    public static string Shown(MessageStream stream, bool accountOpens, bool accountClicks) =>
        $"opens {OnOff(stream.TrackOpens, accountOpens)}, clicks {OnOff(stream.TrackClicks, accountClicks)}";

    private static string OnOff(bool? own, bool account) => own is { } value ? (value ? "on" : "off") : $"{(account ? "on" : "off")} (account)";
}
