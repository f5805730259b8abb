using Microsoft.Extensions.Options;

namespace SendGateway.Server.Tenants;

/// <summary>The last use of each API key (<c>api_keys.last_used_at</c>), noted on authentication and written in rounds.</summary>
internal sealed class ApiKeyUses(TenantStore store, IOptions<LastUseOptions> options, TimeProvider time, ILogger<ApiKeyUses> logger)
    : LastUseFlusher(options, time, logger)
{
    protected override Task WriteAsync(string[] ids, DateTime[] times, CancellationToken cancellationToken) =>
        store.MarkApiKeysUsedAsync(ids, times, cancellationToken);
}
