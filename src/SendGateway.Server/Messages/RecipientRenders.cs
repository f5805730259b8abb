using System.Text.Json;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Messages;

/// <summary>
/// The template half of validating a send: each part parses, and every recipient's copy renders (no variable printed
/// without a value, no template limit reached, a subject safe for a header, a size within the limit) before anything
/// is queued.
/// </summary>
internal static class RecipientRenders
{
    /// <summary>Each part parses and passes the engine's checks; reports each problem on its field. True when any failed.</summary>
    public static bool CheckSyntax(MessageParts parts, string? field, TemplateEngine engine, Action<string, string> fail)
    {
        var failed = false;
        foreach (var (name, source) in new[] { ("subject", parts.Subject), ("text", parts.Text), ("html", parts.Html), ("text", parts.TextLayout), ("html", parts.HtmlLayout) })
        {
            if (source is not null && engine.Parse(source).Error is { } error)
            {
                fail(field ?? name, field is null ? error : $"{name}: {error}");
                failed = true;
            }
        }

        return failed;
    }

    /// <summary>
    /// Renders each recipient's copy once, reporting problems per recipient, and puts each copy's rendered subject in
    /// <paramref name="subjects"/> (by index); the field of the first copy over the size limit, if any (a 413).
    /// </summary>
    public static string? Check(
        MessageParts parts, IReadOnlyList<ValidatedRecipient> to, IReadOnlyDictionary<string, JsonElement>? shared, long attachmentBytes,
        MessagesOptions limits, TemplateEngine engine, string?[] subjects, Action<string, string> fail)
    {
        for (var i = 0; i < to.Count; i++)
        {
            // The unsubscribe link is made at delivery; a stand-in of the same length checks the template now.
            var rendered = engine.Render(parts, TemplateValues.Merge(to[i].Vars, shared, TemplateValues.UnsubscribeStandIn));
            subjects[i] = rendered.Subject;
            if (rendered.Missing.Count > 0)
            {
                fail($"to[{i}].vars", $"Template variables without a value for {to[i].Email}: {string.Join(", ", rendered.Missing.Select(m => $"'{m}'"))}.");
            }
            else if (rendered.Errors.Count > 0)
            {
                fail($"to[{i}].vars", string.Join(" ", rendered.Errors));
            }
            else if (rendered.Length * 2 + attachmentBytes > limits.MaxMessageBytes)
            {
                return $"to[{i}]";
            }
            else if (rendered.Subject is { } subject && (subject.Length > limits.MaxSubjectLength || !HeaderText.IsSafe(subject)))
            {
                fail($"to[{i}].vars", $"The rendered subject must be at most {limits.MaxSubjectLength} characters without CR, LF or control characters.");
            }
        }

        return null;
    }

    /// <summary>The version used goes into every event's metadata (<c>template_id</c>, <c>template_version</c>).</summary>
    public static Dictionary<string, string>? WithTemplate(Dictionary<string, string>? metadata, ResolvedTemplate? template) =>
        template is null ? metadata : new Dictionary<string, string>(metadata ?? [])
        {
            ["template_id"] = template.Id,
            ["template_version"] = template.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}
