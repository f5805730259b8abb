using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Templates;

/// <summary>
/// Makes a template change reach every node's <see cref="CachedTemplates"/> at once: the changing node moves the tenant
/// to a new epoch and publishes the tenant id on a Redis channel; every node listening does the same. While Redis cannot
/// be reached, a change reaches another node when its entries expire (<see cref="TemplatesOptions.ResolvedCacheTime"/>).
/// </summary>
internal sealed class TemplateChangeFeed(
    IConnectionMultiplexer redis, CachedTemplates cache, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<TemplateChangeFeed> logger)
    : NodeBroadcast("Template changes", "sg:templates:changed", redis, logger, resilience, time)
{
    public Task ChangedAsync(string tenantId, CancellationToken cancellationToken) => BroadcastAsync(tenantId, cancellationToken);

    protected override void Apply(string value) => cache.Changed(value);
}
