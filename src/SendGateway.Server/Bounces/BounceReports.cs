using System.Text.RegularExpressions;
using MimeKit;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Bounces;

/// <summary>
/// Reads a delivery status notification (RFC 3464, <c>message/delivery-status</c>) or an abuse feedback report
/// (RFC 5965, <c>message/feedback-report</c>). <c>failed</c> becomes <c>hardbounce</c> or <c>spambounce</c> by the same
/// classifier as synchronous replies, <c>delayed</c> becomes <c>softbounce</c>, a feedback report <c>feedback</c>.
/// </summary>
internal static partial class BounceReports
{
    /// <summary>Whether <paramref name="message"/> is a report at all, and the event it calls for (null for e.g. <c>Action: delivered</c>).</summary>
    public static (bool IsReport, BounceReport? Report) Read(MimeMessage message)
    {
        var parts = message.BodyParts.ToList();
        if (parts.OfType<MessageFeedbackReport>().FirstOrDefault() is { } feedback)
        {
            var type = feedback.Fields["Feedback-Type"]?.Trim().ToLowerInvariant();
            return (true, string.IsNullOrEmpty(type) || type == "not-spam" ? null : new BounceReport(EventTypes.Feedback, null, null, Truncate(type, 64)));
        }

        if (parts.OfType<MessageDeliveryStatus>().FirstOrDefault() is not { } dsn)
        {
            return (false, null);
        }

        foreach (var group in dsn.StatusGroups.Skip(1))
        {
            var action = group["Action"]?.Trim().ToLowerInvariant();
            if (action is not ("failed" or "delayed"))
            {
                continue;
            }

            var status = StatusCode().Match(group["Status"] ?? string.Empty) is { Success: true } s ? s.Value : null;
            var diagnostic = group["Diagnostic-Code"] is { } d ? DiagnosticText(d) : null;
            var code = diagnostic is not null && ReplyCode().Match(diagnostic) is { Success: true } r ? int.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture)
                : status?[0] == '5' ? 550 : 450;
            var text = Truncate(diagnostic ?? status ?? action, 512);
            var remote = group["Remote-MTA"] is { } mta ? DiagnosticText(mta) : null;
            var smtp = new SmtpDetail(code, status, text, remote, null, false, 0);
            var (type, bounceClass) = BounceClassifier.Classify(code, status, text);
            if (action == "delayed")
            {
                return (true, new BounceReport(EventTypes.SoftBounce, bounceClass ?? BounceClasses.TransientFailure, smtp, null));
            }

            if (status is "4.4.7" or "5.4.7")
            {
                return (true, new BounceReport(EventTypes.HardBounce, BounceClasses.MessageExpired, smtp, null));
            }

            return type is EventTypes.HardBounce or EventTypes.SpamBounce
                ? (true, new BounceReport(type, bounceClass ?? BounceClasses.Other, smtp, null))
                : (true, new BounceReport(EventTypes.HardBounce, bounceClass ?? BounceClasses.Other, smtp, null));
        }

        return (true, null);
    }

    /// <summary><c>smtp; 550 5.1.1 …</c> → <c>550 5.1.1 …</c> (the type prefix of RFC 3464 §2.3.6 dropped, folding undone).</summary>
    private static string DiagnosticText(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var text = semicolon >= 0 ? value[(semicolon + 1)..] : value;
        return Whitespace().Replace(text, " ").Trim();
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"^[245]\d\d\b")]
    private static partial Regex ReplyCode();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
