using System.Text.RegularExpressions;

namespace SendGateway.Server.Templates;

/// <summary>
/// Turns what a tenant submits into a version to store (or preview): checks every part (kind rules, size, syntax with
/// line and column, filters), applies <c>inline_css</c> and generates the text part, collecting every problem.
/// </summary>
internal sealed partial class TemplateEditor(TemplateEngine engine, TemplateStore store)
{
    public const int MaxNameLength = 200;

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>The version to store, or every problem keyed by field.</summary>
    public async Task<(TemplateVersionContent? Content, Dictionary<string, string[]> Errors)> PrepareAsync(
        string tenantId, string kind, TemplatePartsRequest parts, CancellationToken cancellationToken)
    {
        var (subject, html, text, layoutId) = (parts.Subject, parts.Html, parts.Text, parts.LayoutId);
        var (inlineCss, autoText) = (parts.InlineCss ?? false, parts.AutoText ?? true);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (kind == TemplateKinds.Template && string.IsNullOrEmpty(subject))
        {
            Fail("subject", "subject is required.");
        }

        if (string.IsNullOrEmpty(html) && string.IsNullOrEmpty(text))
        {
            Fail("html", "At least one of html or text is required.");
        }

        if (kind == TemplateKinds.Layout)
        {
            subject = null; // a layout frames the body; the subject is the template's
            if (layoutId is not null)
            {
                Fail("layout_id", "A layout cannot have a layout of its own (one level).");
            }

            foreach (var (field, part) in new[] { ("html", html), ("text", text) })
            {
                if (!string.IsNullOrEmpty(part) && !ContentPlaceholder().IsMatch(part))
                {
                    Fail(field, "A layout prints {{ content }} where the template goes.");
                }
            }
        }
        else if (layoutId is not null && !await store.IsLayoutAsync(tenantId, layoutId, cancellationToken))
        {
            Fail("layout_id", "No layout with that id.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (inlineCss && !string.IsNullOrEmpty(html) && engine.Parse(html).Error is null)
        {
            html = EmailHtml.InlineCss(html);
        }

        var generated = string.IsNullOrEmpty(text) && !string.IsNullOrEmpty(html) && autoText && engine.Parse(html).Error is null;
        if (generated)
        {
            text = EmailHtml.ToText(html!);
        }

        foreach (var (field, part) in new[] { ("subject", subject), ("html", html), ("text", generated ? null : text) })
        {
            if (!string.IsNullOrEmpty(part) && engine.Parse(part).Error is { } error)
            {
                Fail(field, error);
            }
        }

        return errors.Count > 0
            ? (null, errors)
            : (new TemplateVersionContent(subject, NullIfEmpty(html), NullIfEmpty(text), layoutId, inlineCss, autoText, generated), errors);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\{\{-?\s*content\s*-?\}\}")]
    private static partial Regex ContentPlaceholder();
}
