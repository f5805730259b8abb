namespace SendGateway.Server.Suppressions;

/// <summary>Why an address is on the list (api.md §5), and the drop reasons the accept path reports.</summary>
internal static class SuppressionReasons
{
    public const string HardBounce = "hardbounce";
    public const string SpamBounce = "spambounce";
    public const string Feedback = "feedback";
    public const string Unsubscribe = "unsubscribe";
    public const string Manual = "manual";

    public static readonly string[] All = [HardBounce, SpamBounce, Feedback, Unsubscribe, Manual];

    /// <summary><c>dropped</c> reason of a send to a listed address.</summary>
    public const string DroppedSuppressed = "suppressed";

    /// <summary><c>dropped</c> reason of a send to a disposable-address domain the tenant blocks.</summary>
    public const string DroppedDisposable = "disposable_domain";

    public static bool IsValid(string? reason) => reason is not null && All.Contains(reason);
}
