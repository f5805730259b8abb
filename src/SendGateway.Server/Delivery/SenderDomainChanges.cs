using Microsoft.Extensions.Options;
using SendGateway.Server.Domains;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery;

/// <summary>
/// Makes a sender domain's change (verified, removed, a new key) reach every node's <see cref="DkimSigners"/> and
/// <see cref="TrackingHosts"/> at once. While Redis cannot be reached, another node reads the domain again after
/// <see cref="DeliveryOptions.SenderDomainRefresh"/>.
/// </summary>
public sealed class SenderDomainChanges(
    IConnectionMultiplexer redis, DkimSigners signers, TrackingHosts hosts, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<SenderDomainChanges> logger)
    : NodeBroadcast("Sender domain changes", "sg:domains:changed", redis, logger, resilience, time)
{
    public Task ChangedAsync(string tenantId, string domain, CancellationToken cancellationToken) => BroadcastAsync($"{tenantId} {domain}", cancellationToken);

    protected override void Apply(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            signers.Changed(value[..space], value[(space + 1)..]);
        }

        hosts.Invalidate();
    }
}
