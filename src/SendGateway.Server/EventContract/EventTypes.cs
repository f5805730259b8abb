namespace SendGateway.Server.EventContract;

/// <summary>Event types and their rank: a message's status is its highest-rank event so far (api.md §4).</summary>
internal static class EventTypes
{
    public const string Injected = "injected";
    public const string SoftBounce = "softbounce";
    public const string Ok = "ok";
    public const string Open = "open";
    public const string Click = "click";
    public const string Dropped = "dropped";
    public const string HardBounce = "hardbounce";
    public const string SpamBounce = "spambounce";
    public const string Unsubscribe = "unsubscribe";
    public const string Feedback = "feedback";

    /// <summary>
    /// The reason of the <c>softbounce</c> events of attempts that threw what the worker does not understand, and of the
    /// <c>dropped</c> event of a message that went to the dead letters for it (reliability.md T89, T113).
    /// </summary>
    public const string InternalError = "internal_error";

    public static readonly string[] All = [Injected, SoftBounce, Ok, Open, Click, Dropped, HardBounce, SpamBounce, Unsubscribe, Feedback];

    public static int Rank(string type) => type switch
    {
        Injected => 1,
        SoftBounce => 2,
        Ok => 3,
        Open => 4,
        Click => 5,
        Dropped or HardBounce or SpamBounce => 6,
        Unsubscribe => 7,
        Feedback => 8,
        _ => 0,
    };

    /// <summary>
    /// The rank a message's status takes from an event: <see cref="Rank"/>, except that a <c>dropped</c> with reason
    /// <see cref="InternalError"/> (a dead letter, which an operator may replay) ranks as a <c>softbounce</c>: not final,
    /// so the <c>ok</c> or the attempt of a replay moves the status on.
    /// </summary>
    public static int StatusRank(string type, string? reason) => type == Dropped && reason == InternalError ? Rank(SoftBounce) : Rank(type);

    public static bool IsTerminal(string type) => type is Ok or Dropped or HardBounce or SpamBounce;
}
