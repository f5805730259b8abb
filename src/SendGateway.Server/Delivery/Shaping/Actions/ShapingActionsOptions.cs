using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// <c>SendGateway:Delivery:ShapingActions</c>: the throttles and suspensions the rules file's replies start, shared by the
/// nodes in Redis (each expires by itself), and each node's short cache of them on the delivery path.
/// </summary>
public sealed class ShapingActionsOptions
{
    /// <summary>Actions in effect at once over every provider; a new one past this is refused and logged (an extension still applies).</summary>
    [Range(1, 100_000)]
    public int MaxActions { get; set; } = 10_000;

    /// <summary>
    /// How long a node answers from its own copy of the actions before reading them again: another node's new action or a
    /// cancellation reaches it within this time (its own new actions at once). A cancellation releases the held mail after it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan LocalCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Characters of the triggering reply's text kept with an action (the rest is cut).</summary>
    [Range(20, 2000)]
    public int MaxReplyChars { get; set; } = 200;
}
