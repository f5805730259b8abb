using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace SendGateway.Server.Templates.Panel;

/// <summary>One line of a version comparison (DiffPlex's line diff), marked so that it reads without colour too.</summary>
internal sealed record DiffLine(string Kind, string Marker, string Text)
{
    /// <summary>Each part that differs between two versions, line by line (old: −, new: +).</summary>
    public static IReadOnlyList<(string Part, IReadOnlyList<DiffLine> Lines)> Compare(TemplateVersionView old, TemplateVersionView current)
    {
        var parts = new List<(string, IReadOnlyList<DiffLine>)>();
        foreach (var (part, before, after) in new[] { ("Subject", old.Subject, current.Subject), ("HTML", old.Html, current.Html), ("Text", old.Text, current.Text), ("Layout", old.LayoutId, current.LayoutId) })
        {
            if (before == after)
            {
                continue;
            }

            var model = InlineDiffBuilder.Diff(before ?? string.Empty, after ?? string.Empty, ignoreWhiteSpace: false);
            parts.Add((part, model.Lines.Select(l => l.Type switch
            {
                ChangeType.Inserted => new DiffLine("ins", "+", l.Text),
                ChangeType.Deleted => new DiffLine("del", "−", l.Text),
                _ => new DiffLine("same", " ", l.Text),
            }).ToList()));
        }

        return parts;
    }
}
