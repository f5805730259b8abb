using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Templates;

/// <summary>
/// Stored templates as the send paths resolve them (REST and the relay's <c>X-SG-Template</c>): each tenant's resolved
/// versions kept for <see cref="TemplatesOptions.ResolvedCacheTime"/>, within <see cref="TemplatesOptions.ResolvedCacheChars"/>,
/// instead of a PostgreSQL query per send (it was a third of PostgreSQL's statement time on the tracked bench path).
/// A change to any of a tenant's templates or layouts (<see cref="Changed"/>, on this node at once and on the others
/// through <see cref="TemplateChangeFeed"/>) moves the tenant to a new epoch, so an entry read before it is not used
/// again; an entry whose read began before the change is stored under the old epoch. Only found templates are kept.
/// </summary>
internal sealed class CachedTemplates(TemplateStore store, IOptions<TemplatesOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.ResolvedCacheChars });

    // One counter per tenant whose templates changed while this node ran: bounded by the tenants, never removed (a
    // removed counter would start again at 0 and make entries of the old epoch 0 current again).
    private readonly ConcurrentDictionary<string, long> _epochs = new(StringComparer.Ordinal);

    public async Task<ResolvedTemplate?> ResolveAsync(string tenantId, string id, int? version, CancellationToken cancellationToken)
    {
        var time = options.Value.ResolvedCacheTime;
        if (time <= TimeSpan.Zero)
        {
            return await store.ResolveAsync(tenantId, id, version, cancellationToken);
        }

        var key = (tenantId, id, version);
        var epoch = _epochs.GetValueOrDefault(tenantId);
        if (_cache.TryGetValue(key, out Entry? cached) && cached!.Epoch == epoch)
        {
            return cached.Template;
        }

        var resolved = await store.ResolveAsync(tenantId, id, version, cancellationToken);
        if (resolved is not null)
        {
            _cache.Set(key, new Entry(resolved, epoch), new MemoryCacheEntryOptions { Size = Chars(resolved), AbsoluteExpirationRelativeToNow = time });
        }

        return resolved;
    }

    /// <summary>
    /// One of the tenant's templates or layouts got a version, an activation or a deletion (a creation cannot make an
    /// entry stale: only found templates are kept).
    /// </summary>
    public void Changed(string tenantId) => _epochs.AddOrUpdate(tenantId, 1, (_, epoch) => epoch + 1);

    public void Dispose() => _cache.Dispose();

    private static long Chars(ResolvedTemplate t) =>
        1 + t.Id.Length + (t.Subject?.Length ?? 0) + (t.Text?.Length ?? 0) + (t.Html?.Length ?? 0) + (t.TextLayout?.Length ?? 0) + (t.HtmlLayout?.Length ?? 0);

    private sealed record Entry(ResolvedTemplate Template, long Epoch);
}
