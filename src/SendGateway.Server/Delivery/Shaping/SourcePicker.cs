using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.Holds;
using SendGateway.Server.Delivery.Shaping.Actions;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Server.IpPools;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Shaping;

/// <summary>
/// Step "pick source": the provider of the resolved MX hosts (rules file), then one source address per attempt from the
/// pool (every MX of this attempt sees the same address and EHLO name), skipping addresses a shaping action suspends for
/// that provider or an operator holds, within its warm-up allowance and rates (its own, and its per-provider limit or
/// throttle), and the destination's and provider's connection limits on each target (the lower wins).
/// </summary>
internal sealed class SourcePicker(
    SourceSelector sources, DestinationThrottle throttle, IShapingRuleSet rules, IShapingActions actions, IQueueControls controls,
    TimeProvider time, IOptions<DeliveryOptions> options)
{
    /// <summary>The pool a message leaves from: the one it named, else its tenant's default; null = the host's default route.</summary>
    public ValueTask<string?> PoolOfAsync(string tenantId, string? pool, CancellationToken cancellationToken) => sources.PoolOfAsync(tenantId, pool, cancellationToken);

    /// <summary>Whether some address of the pool is on this node (null: the pool is gone).</summary>
    public Task<bool?> IsOnThisNodeAsync(string pool, CancellationToken cancellationToken) => sources.IsOnThisNodeAsync(pool, cancellationToken);

    /// <summary>The provider the first matching MX host belongs to (null: none), before the source is chosen.</summary>
    public ShapingProvider? ProviderOf(IReadOnlyList<DeliveryTarget> resolved)
    {
        var ruleSet = rules.Current;
        foreach (var target in resolved)
        {
            if (ruleSet.ProviderOf(target.Host) is { } provider)
            {
                return provider;
            }
        }

        return null;
    }

    public async Task<(IReadOnlyList<DeliveryTarget> Targets, DeliveryOutcome? Deferred)> PickAsync(
        QueueEntry entry, string? pool, string domain, ShapingProvider? provider, IReadOnlyList<DeliveryTarget> resolved, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var inEffect = provider is null ? ProviderActions.None : await actions.ForProviderAsync(provider.Name, cancellationToken);
        var held = await controls.HeldSourcesAsync(cancellationToken);
        HashSet<string>? excluded = held.Count > 0 ? [.. held.Keys] : null;
        var suspendedUntil = DateTimeOffset.MaxValue;
        foreach (var (address, until) in inEffect.SuspendedUntil)
        {
            if (until > now)
            {
                (excluded ??= []).Add(address);
                suspendedUntil = until < suspendedUntil ? until : suspendedUntil;
            }
        }

        var (source, waitFor, wasExcluded) = await sources.ChooseAsync(entry.TenantId, pool, throttle.DestinationOf(domain), excluded, cancellationToken);
        if (waitFor is { } wait)
        {
            return ([], DeliveryOutcome.Deferred(wait, HoldReasons.WarmupLimit));
        }

        if (source is null && wasExcluded)
        {
            // Every address is suspended for this provider or held: on the schedule until the first suspension ends, or
            // until an action's cancellation (or an operator's resume) releases the key.
            return ([], provider is not null && suspendedUntil != DateTimeOffset.MaxValue
                ? DeliveryOutcome.Held(suspendedUntil - now, HoldReasons.ShapingSuspended, HoldReasons.ProviderKey(provider.Name))
                : DeliveryOutcome.Held(options.Value.HeldRecheck, HoldReasons.Operator, HoldReasons.ControlKey(held.Values.First())));
        }

        if (source is { } chosen && await throttle.DeferSourceAsync(chosen.Address.ToString(), cancellationToken) is { } sourceWait)
        {
            return ([], DeliveryOutcome.Deferred(sourceWait, HoldReasons.SourceRate));
        }

        if (provider is not null)
        {
            var address = source?.Address.ToString() ?? SourceSelector.DefaultRoute;
            var limit = provider.Limits.MessagesPerMinutePerSource;
            if (inEffect.ThrottledPerMinute.TryGetValue(address, out var throttled))
            {
                limit = limit > 0 ? Math.Min(limit, throttled) : throttled;
            }

            if (limit > 0 && await throttle.DeferProviderSourceAsync(provider.Name, address, limit, cancellationToken) is { } providerWait)
            {
                return ([], DeliveryOutcome.Deferred(providerWait, HoldReasons.SourceRate));
            }
        }

        var rule = throttle.RuleFor(domain);
        var connections = Lower(rule.MaxConnections, provider?.Limits.Connections ?? 0);
        var perConnection = Lower(rule.MessagesPerConnection, provider?.Limits.MessagesPerConnection ?? 0);
        var targets = resolved.Select(t => t with
        {
            Source = source,
            MaxConnections = connections > 0 ? connections : null,
            MessagesPerConnection = perConnection > 0 ? perConnection : null,
        }).ToList();
        return (targets, null);
    }

    /// <summary>The lower of two limits where 0 means none.</summary>
    private static int Lower(int a, int b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);
}
