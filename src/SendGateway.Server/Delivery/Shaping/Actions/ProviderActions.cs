namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// The shaping actions in effect for one provider, by source address (<c>default</c> for the host's default route):
/// suspended until when, and throttled to how many attempts per minute.
/// </summary>
internal sealed record ProviderActions(IReadOnlyDictionary<string, DateTimeOffset> SuspendedUntil, IReadOnlyDictionary<string, int> ThrottledPerMinute)
{
    public static readonly ProviderActions None = new(new Dictionary<string, DateTimeOffset>(), new Dictionary<string, int>());
}
