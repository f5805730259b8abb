using Microsoft.Extensions.Options;

namespace SendGateway.Server.Templates;

/// <summary>
/// Creating, versioning, activating, deleting and previewing templates: the one implementation behind
/// <c>/v1/templates</c> and the panel's Templates pages.
/// </summary>
internal sealed class TemplateChanges(
    TemplateStore store, TemplateEditor editor, TemplateEngine engine, TemplateChangeFeed changes, IOptions<TemplatesOptions> options)
{
    public async Task<TemplateChangeOutcome> CreateAsync(string tenantId, CreateTemplateRequest request, CancellationToken cancellationToken)
    {
        var kind = request.Kind ?? TemplateKinds.Template;
        var id = request.Id ?? Ids.New("tpl");
        if (!TemplateEditor.IsValidId(id))
        {
            return TemplateChangeOutcome.Invalid("id", "An id is 1–100 letters, digits, '_', '-' or '.', starting with a letter or digit.");
        }

        if (kind is not (TemplateKinds.Template or TemplateKinds.Layout))
        {
            return TemplateChangeOutcome.Invalid("kind", "kind is template or layout.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > TemplateEditor.MaxNameLength)
        {
            return TemplateChangeOutcome.Invalid("name", $"name is required, at most {TemplateEditor.MaxNameLength} characters.");
        }

        var (content, errors) = await editor.PrepareAsync(tenantId, kind, request, cancellationToken);
        if (content is null)
        {
            return new(null, errors);
        }

        var max = options.Value.MaxTemplatesPerTenant;
        var (created, full) = await store.CreateAsync(tenantId, id, kind, request.Name, content, max, cancellationToken);
        return created is not null ? new(created, [])
            : full ? new(null, new() { ["id"] = [$"A tenant can have at most {max} templates."] }, TooMany: true)
            : new(null, new() { ["id"] = ["A template with this id exists; open it to add a version."] }, Conflict: true);
    }

    /// <summary>Adds an immutable version (active unless <c>activate</c> is false).</summary>
    public async Task<TemplateChangeOutcome> UpdateAsync(string tenantId, string id, UpdateTemplateRequest request, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return TemplateChangeOutcome.Missing;
        }

        if (request.Name is not null && (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > TemplateEditor.MaxNameLength))
        {
            return TemplateChangeOutcome.Invalid("name", $"name is at most {TemplateEditor.MaxNameLength} characters.");
        }

        var (content, errors) = await editor.PrepareAsync(tenantId, current.Kind, request, cancellationToken);
        if (content is null)
        {
            return new(null, errors);
        }

        await store.AddVersionAsync(tenantId, id, request.Name, content, request.Activate ?? true, options.Value.MaxVersionsPerTemplate, cancellationToken);
        await changes.ChangedAsync(tenantId, cancellationToken); // a new active version, or an old one removed past the limit
        return await store.GetAsync(tenantId, id, cancellationToken) is { } updated ? new(updated, []) : TemplateChangeOutcome.Missing;
    }

    public async Task<TemplateChangeOutcome> ActivateAsync(string tenantId, string id, int version, CancellationToken cancellationToken)
    {
        if (!await store.ActivateAsync(tenantId, id, version, cancellationToken))
        {
            return TemplateChangeOutcome.Missing;
        }

        await changes.ChangedAsync(tenantId, cancellationToken);
        return await store.GetAsync(tenantId, id, cancellationToken) is { } template ? new(template, []) : TemplateChangeOutcome.Missing;
    }

    /// <summary>Deleted, or not found, or a layout that active versions of templates still name (<c>InUse</c>).</summary>
    public async Task<(bool Deleted, bool InUse)> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var outcome = await store.DeleteAsync(tenantId, id, cancellationToken);
        if (outcome.Deleted)
        {
            await changes.ChangedAsync(tenantId, cancellationToken);
        }

        return outcome;
    }

    /// <summary>An unsaved template rendered with vars, or every problem (each part's error with line and column, every variable without a value).</summary>
    public async Task<(RenderedTemplate? Rendered, Dictionary<string, string[]> Errors)> PreviewUnsavedAsync(string tenantId, RenderTemplateRequest request, CancellationToken cancellationToken)
    {
        var (content, errors) = await editor.PrepareAsync(tenantId, TemplateKinds.Template, request, cancellationToken);
        if (content is null)
        {
            return (null, errors);
        }

        var layout = content.LayoutId is null ? null : await store.GetAsync(tenantId, content.LayoutId, cancellationToken);
        return Preview(new MessageParts(content.Subject, content.Text, content.Html, layout?.Active.Text, layout?.Active.Html), request);
    }

    /// <summary>A stored template (active version unless one is given) rendered with vars; null when there is no such template or version.</summary>
    public async Task<(RenderedTemplate? Rendered, Dictionary<string, string[]> Errors)?> PreviewStoredAsync(
        string tenantId, string id, RenderTemplateRequest request, CancellationToken cancellationToken) =>
        await store.ResolveAsync(tenantId, id, request.Version, cancellationToken) is not { } template
            ? null
            : Preview(new MessageParts(template.Subject, template.Text, template.Html, template.TextLayout, template.HtmlLayout), request);

    private (RenderedTemplate? Rendered, Dictionary<string, string[]> Errors) Preview(MessageParts parts, RenderTemplateRequest request)
    {
        var rendered = engine.Render(parts, TemplateValues.Merge(null, request.Vars, TemplateValues.UnsubscribeStandIn));
        if (rendered.Succeeded)
        {
            return (new RenderedTemplate(rendered.Subject, rendered.Html, rendered.Text), []);
        }

        var errors = rendered.Errors.GroupBy(e => e[..e.IndexOf(':', StringComparison.Ordinal)])
            .ToDictionary(g => g.Key, g => g.Select(e => e[(e.IndexOf(':', StringComparison.Ordinal) + 2)..]).ToArray());
        if (rendered.Missing.Count > 0)
        {
            errors["vars"] = rendered.Missing.Select(m => $"Template variable '{m}' has no value.").ToArray();
        }

        return (null, errors);
    }
}
