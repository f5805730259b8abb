using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Panel;

namespace SendGateway.Server.Templates.Panel;

/// <summary>
/// The Templates pages' previews: rendered by <see cref="TemplateChanges"/> as the render endpoint does, the HTML kept
/// in this node's memory under a random key for the user who rendered it only, for <see cref="PanelOptions.PreviewLifetime"/>,
/// bounded by <see cref="PanelOptions.PreviewCacheChars"/> (the oldest go first), until the page's frame loads it.
/// </summary>
internal sealed class TemplatePreviews(TemplateChanges changes, IOptions<PanelOptions> options, IOptions<TemplatesOptions> templates) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.PreviewCacheChars });

    private sealed record Entry(string TenantId, string UserId, string Html);

    /// <summary>The preview and the key of its HTML, or every problem by field (each part's error with line and column, missing vars).</summary>
    public async Task<(RenderedTemplate? Rendered, string? HtmlKey, Dictionary<string, string[]> Errors)> RenderAsync(
        string tenantId, string userId, TemplateForm form, CancellationToken cancellationToken)
    {
        var (request, varsError) = form.ToPreview(templates.Value.MaxTemplateBytes);
        if (request is null)
        {
            return (null, null, new() { ["vars"] = [varsError!] });
        }

        var (rendered, errors) = await changes.PreviewUnsavedAsync(tenantId, request, cancellationToken);
        return rendered is null ? (null, null, errors) : (rendered, rendered.Html is { } html ? Put(tenantId, userId, html) : null, errors);
    }

    /// <summary>The preview's HTML, or null when it expired, was pushed out, or belongs to someone else.</summary>
    public string? Get(string key, string tenantId, string userId) =>
        _cache.TryGetValue(key, out Entry? entry) && entry!.TenantId == tenantId && entry.UserId == userId ? entry.Html : null;

    public void Dispose() => _cache.Dispose();

    private string Put(string tenantId, string userId, string html)
    {
        var key = Ids.Secret(24);
        _cache.Set(key, new Entry(tenantId, userId, html), new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, html.Length),
            AbsoluteExpirationRelativeToNow = options.Value.PreviewLifetime,
        });
        return key;
    }
}
