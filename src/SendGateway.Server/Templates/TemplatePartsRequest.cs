namespace SendGateway.Server.Templates;

/// <summary>What a template's version is made of, as every template request submits it.</summary>
public abstract record TemplatePartsRequest
{
    public string? Subject { get; init; }

    public string? Html { get; init; }

    public string? Text { get; init; }

    /// <summary>A layout of the tenant's this template's html and text go into.</summary>
    public string? LayoutId { get; init; }

    /// <summary>Move <c>&lt;style&gt;</c> rules into <c>style</c> attributes when saving.</summary>
    public bool? InlineCss { get; init; }

    /// <summary>False: no text part generated from html when text is not given (default true).</summary>
    public bool? AutoText { get; init; }
}
