namespace SendGateway.Client;

/// <summary>The API's <c>CreateTemplateRequest</c> object.</summary>
public sealed record CreateTemplateRequest
{
    /// <summary>JSON <c>subject</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>JSON <c>html</c>.</summary>
    public string? Html { get; init; }

    /// <summary>JSON <c>text</c>.</summary>
    public string? Text { get; init; }

    /// <summary>JSON <c>layout_id</c>.</summary>
    public string? LayoutId { get; init; }

    /// <summary>JSON <c>inline_css</c>.</summary>
    public bool? InlineCss { get; init; }

    /// <summary>JSON <c>auto_text</c>.</summary>
    public bool? AutoText { get; init; }

    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>kind</c>.</summary>
    public string? Kind { get; init; }
}
