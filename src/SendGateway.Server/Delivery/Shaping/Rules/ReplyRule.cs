using System.Text.RegularExpressions;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// One reply pattern of the rules file: it matches a reply when every given part matches (the SMTP code, the enhanced
/// code, the text as a case-insensitive regex with a timeout) and, when <see cref="Provider"/> is set, the reply came from
/// that provider's MX. <see cref="BounceClass"/> and <see cref="Hint"/> apply to the event whatever the action.
/// </summary>
internal sealed record ReplyRule(string Name, string? Provider, int? Code, string? EnhancedCode, Regex? Text, ReplyAction Action)
{
    /// <summary>How long a throttle or suspension lasts.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The throttle's attempts per minute from the source address to the provider.</summary>
    public int ThrottlePerMinute { get; init; }

    /// <summary>The bounce class the event gets instead of the classifier's (see docs/events.md), or null.</summary>
    public string? BounceClass { get; init; }

    /// <summary>What the sender should publish or fix (shown on the event as <c>smtp.hint</c>), or null.</summary>
    public string? Hint { get; init; }

    /// <summary>The line of the rules file the rule starts on (for errors and the console).</summary>
    public int Line { get; init; }

    public bool Matches(string? provider, int? code, string? enhancedCode, string text) =>
        (Provider is null || string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase))
        && (Code is null || Code == code)
        && (EnhancedCode is null || string.Equals(EnhancedCode, enhancedCode, StringComparison.Ordinal))
        && (Text is null || TextMatches(text));

    /// <summary>The text pattern on <paramref name="text"/>; a match slower than the rules' <c>RegexTimeout</c> counts as none.</summary>
    private bool TextMatches(string text)
    {
        try
        {
            return Text!.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
