using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The <c>&lt;summary&gt;</c> of a member from an assembly's XML documentation file (GenerateDocumentationFile), as one
/// line of Markdown: <c>&lt;c&gt;</c> becomes a code span, <c>&lt;see cref&gt;</c> the member's short name, text is escaped.
/// </summary>
internal sealed class XmlDocSummaries
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocSummaries(Dictionary<string, XElement> members) => _members = members;

    public static XmlDocSummaries For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: the project must set GenerateDocumentationFile.", path);
        }

        var members = XDocument.Load(path).Root!.Element("members")!.Elements("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, StringComparer.Ordinal);
        return new XmlDocSummaries(members);
    }

    /// <summary>The property's summary as one Markdown line, or an empty string when it has none.</summary>
    public string Of(PropertyInfo property)
    {
        var id = $"P:{property.DeclaringType!.FullName!.Replace('+', '.')}.{property.Name}";
        if (!_members.TryGetValue(id, out var member) || member.Element("summary") is not { } summary)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Render(summary, text);
        return string.Join(' ', text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Render(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(Escape(plain.Value));
                    break;
                case XElement { Name.LocalName: "c" or "code" } code:
                    text.Append('`').Append(code.Value.Replace('`', '\'')).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    var name = see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? see.Attribute("href")?.Value ?? string.Empty;
                    var label = see.Value.Length > 0 ? see.Value : name[(name.LastIndexOfAny([':', '.']) + 1)..];
                    text.Append('`').Append(label).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append('`').Append(reference.Attribute("name")?.Value).Append('`');
                    break;
                case XElement other:
                    text.Append(' ');
                    Render(other, text);
                    text.Append(' ');
                    break;
            }
        }
    }

    /// <summary>Plain text inside a Markdown table cell: no HTML, no emphasis, no cell breaks.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
            .Replace("`", "'", StringComparison.Ordinal);
}
