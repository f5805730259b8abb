namespace SendGateway.Client;

/// <summary>The API's <c>ShapingActionReply</c> object: the reply that started (or last extended) a shaping action.</summary>
public sealed record ShapingActionReply
{
    /// <summary>JSON <c>code</c>: the SMTP reply code.</summary>
    public int? Code { get; init; }

    /// <summary>JSON <c>enhanced_code</c>, such as 4.7.0.</summary>
    public string? EnhancedCode { get; init; }

    /// <summary>JSON <c>text</c>: the reply's text, cut to the service's MaxReplyChars.</summary>
    public string? Text { get; init; }

    /// <summary>JSON <c>mx</c>: the MX host that replied.</summary>
    public string? Mx { get; init; }
}
