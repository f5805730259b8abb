using System.Text.RegularExpressions;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Bounces;

/// <summary>
/// Maps an SMTP reply to an event type and bounce class (api.md §4, reliability.md §10): enhanced code first,
/// then the reply text for spam and policy blocks; first match wins.
/// </summary>
internal static partial class BounceClassifier
{
    public static (string Type, string? BounceClass) Classify(int code, string? enhanced, string text)
    {
        if (code is >= 200 and < 300)
        {
            return (EventTypes.Ok, null);
        }

        var temporary = code is >= 400 and < 500;
        var spam = SpamText().IsMatch(text);
        var bounceClass = enhanced switch
        {
            _ when spam && !temporary => text.Contains("content", StringComparison.OrdinalIgnoreCase) ? BounceClasses.SpamContent : BounceClasses.SpamBlock,
            "5.1.1" or "5.1.0" or "5.1.3" or "5.1.6" => BounceClasses.InvalidRecipient,
            "5.1.2" or "5.1.10" or "5.4.4" => BounceClasses.BadDomain,
            "5.2.1" or "4.2.1" => BounceClasses.InactiveMailbox,
            "5.2.2" or "4.2.2" => BounceClasses.MailboxFull,
            "5.3.4" or "5.2.3" => BounceClasses.MessageTooLarge,
            "4.4.1" => BounceClasses.NoAnswerFromHost,
            "4.4.2" => BounceClasses.BadConnection,
            "4.4.3" => BounceClasses.DnsFailure,
            "5.7.1" when text.Contains("relay", StringComparison.OrdinalIgnoreCase) => BounceClasses.RelayDenied,
            not null when enhanced.StartsWith("5.7.", StringComparison.Ordinal) || enhanced.StartsWith("4.7.", StringComparison.Ordinal) => BounceClasses.PolicyRelated,
            _ when temporary => BounceClasses.TransientFailure,
            _ when code == 550 && enhanced is null => BounceClasses.InvalidRecipient,
            _ => BounceClasses.Other,
        };

        if (temporary)
        {
            return (EventTypes.SoftBounce, bounceClass);
        }

        var isSpamBounce = bounceClass is BounceClasses.SpamBlock or BounceClasses.SpamContent or BounceClasses.PolicyRelated;
        return (isSpamBounce ? EventTypes.SpamBounce : EventTypes.HardBounce, bounceClass);
    }

    /// <summary>The RFC 3463 code at the start of a reply text, such as <c>5.1.1</c>, or null.</summary>
    public static string? EnhancedCodeOf(string text)
    {
        var match = EnhancedCode().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"\b(spam|blocklist|blacklist|block list|black list|reputation|spamhaus|junk)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpamText();

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}")]
    private static partial Regex EnhancedCode();
}
