namespace SendGateway.Client;

/// <summary>The API's <c>ShapingActionCancelled</c> object.</summary>
public sealed record ShapingActionCancelled
{
    /// <summary>JSON <c>action</c>: the action cancelled.</summary>
    public ShapingAction? Action { get; init; }

    /// <summary>JSON <c>released</c>: held messages made due at once.</summary>
    public long? Released { get; init; }
}
