namespace SendGateway.Server.Queue;

/// <summary>
/// Why queued mail waits without an attempt, as the queue views, the message view and the docs name it. A hold keeps the
/// entry on the schedule (nothing lost; its lifetime still runs) until its key is released or it is due again.
/// </summary>
internal static class HoldReasons
{
    /// <summary>The reputation guard (or an operator) paused the tenant: mail is accepted and held.</summary>
    public const string TenantPaused = "tenant_paused";

    /// <summary>An operator queue control holds it (by tenant, recipient domain, IP pool or source address).</summary>
    public const string Operator = "operator";

    /// <summary>Every source address of the pool is suspended for this provider by a shaping action.</summary>
    public const string ShapingSuspended = "shaping_suspended";

    /// <summary>Every source of the pool has spent today's warm-up allowance for this provider.</summary>
    public const string WarmupLimit = "warmup_limit";

    /// <summary>The destination rests (a 421, a run of temporary failures) or its per-minute budget is spent.</summary>
    public const string DestinationThrottled = "destination_throttled";

    /// <summary>The chosen source address spent its per-minute budget (overall, or for this provider).</summary>
    public const string SourceRate = "source_rate";

    /// <summary>Every connection slot to the MX is busy: tried again in a moment.</summary>
    public const string ConnectionLimit = "connection_limit";

    /// <summary>
    /// No live delivery node has an address of the message's pool (its node is down, or the pool is on no node): it
    /// waits for such a node or an operator's rebind, never sent from another pool's address.
    /// </summary>
    public const string NoSourceAvailable = "no_source_available";

    /// <summary>The hold key of mail waiting for a node with the pool's addresses (released when one takes the pool's lane).</summary>
    public static string PoolKey(string pool) => $"pool:{pool}";

    /// <summary>The hold key of a tenant's pause.</summary>
    public static string TenantKey(string tenantId) => $"tenant:{tenantId}";

    /// <summary>The hold key of an operator queue control.</summary>
    public static string ControlKey(string controlId) => $"control:{controlId}";

    /// <summary>The hold key of a provider's shaping suspensions (any of its actions ending or cancelled releases it).</summary>
    public static string ProviderKey(string provider) => $"provider:{provider}";
}
