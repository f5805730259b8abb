namespace SendGateway.Client;

/// <summary>The API's <c>ShapingAction</c> object: a throttle or suspension of one source address towards one provider.</summary>
public sealed record ShapingAction
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>provider</c>: the provider's name in the shaping rules file.</summary>
    public string? Provider { get; init; }

    /// <summary>JSON <c>source_address</c>: the sending IP address, or <c>default</c> for the host's default route.</summary>
    public string? SourceAddress { get; init; }

    /// <summary>JSON <c>rule</c>: the name of the rule that matched the reply.</summary>
    public string? Rule { get; init; }

    /// <summary>JSON <c>kind</c>: throttle or suspend.</summary>
    public string? Kind { get; init; }

    /// <summary>JSON <c>throttle_per_minute</c>: for a throttle, the attempts per minute allowed.</summary>
    public int? ThrottlePerMinute { get; init; }

    /// <summary>JSON <c>reply</c>.</summary>
    public ShapingActionReply? Reply { get; init; }

    /// <summary>JSON <c>since</c>.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>JSON <c>until</c>: when it ends by itself.</summary>
    public DateTimeOffset? Until { get; init; }
}
