using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SendGateway.Server.Templates;

/// <summary>
/// Email-ready HTML from a template's source, its Liquid left intact (<see cref="LiquidShield"/>): CSS from
/// <c>&lt;style&gt;</c> moved into <c>style</c> attributes (PreMailer.Net, which many clients need), and a text part
/// generated from the HTML with links kept as <c>text (url)</c>. Both work on the source once (at save, or once per
/// batch), not per recipient.
/// </summary>
internal static class EmailHtml
{
    private static readonly HashSet<string> Skipped = ["SCRIPT", "STYLE", "HEAD", "TITLE", "TEMPLATE", "NOSCRIPT"];
    private static readonly HashSet<string> Blocks = ["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "TABLE", "TR", "BLOCKQUOTE", "SECTION", "ARTICLE", "HEADER", "FOOTER", "HR", "PRE", "CENTER"];

    public static string InlineCss(string html)
    {
        var shield = new LiquidShield();
        var result = PreMailer.Net.PreMailer.MoveCssInline(shield.Protect(html), removeStyleElements: true);
        return shield.Restore(result.Html);
    }

    public static string ToText(string html)
    {
        var shield = new LiquidShield();
        var document = new HtmlParser().ParseDocument(shield.Protect(html));
        var text = new StringBuilder();
        Walk(document.Body ?? (INode)document, text);
        return shield.Restore(Tidy(text.ToString()));
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(System.Text.RegularExpressions.Regex.Replace(t.Data, @"\s+", " "));
                    break;
                case IComment c when c.Data.StartsWith("sgtpl:", StringComparison.Ordinal):
                    text.Append("<!--").Append(c.Data).Append("-->");
                    break;
                case IElement e when Skipped.Contains(e.TagName):
                    break;
                case IElement { TagName: "BR" }:
                    text.Append('\n');
                    break;
                case IElement { TagName: "A" } a:
                    var inner = new StringBuilder();
                    Walk(a, inner);
                    var label = inner.ToString().Trim();
                    var href = a.GetAttribute("href")?.Trim();
                    text.Append(label);
                    if (!string.IsNullOrEmpty(href) && !href.StartsWith('#') && href != label && !href.StartsWith("mailto:" + label, StringComparison.OrdinalIgnoreCase))
                    {
                        text.Append(label.Length > 0 ? " (" : "(").Append(href).Append(')');
                    }

                    break;
                case IElement { TagName: "LI" } li:
                    text.Append("\n- ");
                    Walk(li, text);
                    break;
                case IElement { TagName: "TD" or "TH" } cell:
                    Walk(cell, text);
                    text.Append(' ');
                    break;
                case IElement e when Blocks.Contains(e.TagName):
                    text.Append("\n\n");
                    Walk(e, text);
                    text.Append("\n\n");
                    break;
                default:
                    Walk(child, text);
                    break;
            }
        }
    }

    /// <summary>Trims each line and keeps at most one empty line between paragraphs.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim());
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            blank = line.Length == 0 ? blank + 1 : 0;
            if (blank <= 1 && (line.Length > 0 || result.Length > 0))
            {
                result.Append(line).Append('\n');
            }
        }

        return result.ToString().TrimEnd() + "\n";
    }
}
