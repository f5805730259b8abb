namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>The kinds of shaping action, as the API and the console name them.</summary>
internal static class ShapingActionKind
{
    /// <summary>A lower per-minute limit from the source address to the provider.</summary>
    public const string Throttle = "throttle";

    /// <summary>No attempts from the source address to the provider.</summary>
    public const string Suspend = "suspend";
}
