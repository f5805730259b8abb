namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>What <see cref="ShapingActionStore.StartAsync"/> did (the values are the start script's answers).</summary>
internal enum ShapingActionStart
{
    /// <summary>Refused: <see cref="ShapingActionsOptions.MaxActions"/> actions are in effect.</summary>
    Refused = -1,

    /// <summary>One in effect for the same provider, address and kind already lasts as long or longer.</summary>
    Unchanged = 0,

    /// <summary>A new action.</summary>
    Started = 1,

    /// <summary>The one in effect now lasts longer (same id and start).</summary>
    Extended = 2,
}
