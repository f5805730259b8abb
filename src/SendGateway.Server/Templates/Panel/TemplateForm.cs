using System.Text.Json;

namespace SendGateway.Server.Templates.Panel;

/// <summary>The Templates pages' editor: a version's parts, sample vars (JSON) for the preview, and for a new template its id, name and kind.</summary>
public sealed class TemplateForm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string Kind { get; set; } = TemplateKinds.Template;

    public string? Subject { get; set; }

    public string? Html { get; set; }

    public string? Text { get; set; }

    public string? LayoutId { get; set; }

    public bool InlineCss { get; set; }

    public bool AutoText { get; set; } = true;

    public bool Activate { get; set; } = true;

    public string Vars { get; set; } = "{}";

    public static TemplateForm From(TemplateView template) => new()
    {
        Id = template.Id, Name = template.Name, Kind = template.Kind, Subject = template.Active.Subject,
        Html = template.Active.Html, Text = template.Active.TextGenerated ? null : template.Active.Text, LayoutId = template.Active.LayoutId,
        InlineCss = template.Active.InlineCss, AutoText = template.Active.AutoText,
    };

    public CreateTemplateRequest ToCreate() => new()
    {
        Id = Blank(Id), Name = Name, Kind = Kind, Subject = Subject, Html = Blank(Html), Text = Blank(Text), LayoutId = Blank(LayoutId), InlineCss = InlineCss, AutoText = AutoText,
    };

    public UpdateTemplateRequest ToUpdate() => new()
    {
        Name = Blank(Name), Subject = Subject, Html = Blank(Html), Text = Blank(Text), LayoutId = Blank(LayoutId), InlineCss = InlineCss, AutoText = AutoText, Activate = Activate,
    };

    /// <summary>The preview's request, or the reason the sample vars cannot be read (with line and column).</summary>
    public (RenderTemplateRequest? Request, string? Error) ToPreview(int maxVarsChars)
    {
        if (Vars.Length > maxVarsChars)
        {
            return (null, $"Sample vars are at most {maxVarsChars} characters.");
        }

        try
        {
            var vars = string.IsNullOrWhiteSpace(Vars) ? [] : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Vars, Json) ?? [];
            return (new RenderTemplateRequest
            {
                Subject = Subject, Html = Blank(Html), Text = Blank(Text), LayoutId = Blank(LayoutId), InlineCss = InlineCss, AutoText = AutoText, Vars = vars,
            }, null);
        }
        catch (JsonException e)
        {
            return (null, $"Sample vars are not a JSON object (line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}).");
        }
    }

    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 32 };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
