using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Shaping;

/// <summary>
/// Step "pick source": one source address per attempt from the tenant's pool (every MX of this attempt sees the same
/// address and EHLO name), within its warm-up allowance and rate, and the destination's connection rule on each target.
/// </summary>
internal sealed class SourcePicker(IpPools.SourceSelector sources, DestinationThrottle throttle)
{
    public async Task<(IReadOnlyList<DeliveryTarget> Targets, DeliveryOutcome? Deferred)> PickAsync(
        QueueEntry entry, BatchContent content, string domain, IReadOnlyList<DeliveryTarget> resolved, CancellationToken cancellationToken)
    {
        var (source, waitFor) = await sources.ChooseAsync(entry.TenantId, content.IpPool, throttle.DestinationOf(domain), cancellationToken);
        if (waitFor is { } wait)
        {
            return ([], DeliveryOutcome.Deferred(wait, "warmup_allowance_spent"));
        }

        if (source is { } chosen && await throttle.DeferSourceAsync(chosen.Address.ToString(), cancellationToken) is { } sourceWait)
        {
            return ([], DeliveryOutcome.Deferred(sourceWait, "source_rate"));
        }

        var rule = throttle.RuleFor(domain);
        var targets = resolved.Select(t => t with
        {
            Source = source,
            MaxConnections = rule.MaxConnections > 0 ? rule.MaxConnections : null,
            MessagesPerConnection = rule.MessagesPerConnection > 0 ? rule.MessagesPerConnection : null,
        }).ToList();
        return (targets, null);
    }
}
