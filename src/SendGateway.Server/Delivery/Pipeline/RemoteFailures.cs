using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using SendGateway.Server.Bounces;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// Every exception MailKit raises while talking to a remote server (its documented ones for ConnectAsync, SendAsync and
/// NoOpAsync, reliability.md T113) turned into an outcome: softbounce or hardbounce, with the server's reply or what
/// happened to the connection on the event. What is not listed here is not the remote side's doing and goes to the
/// worker (<see cref="UnexpectedFailures"/>); a store failure (a <c>RedisTimeoutException</c> is a TimeoutException too)
/// is never blamed on the MX.
/// </summary>
internal static class RemoteFailures
{
    /// <summary>True when <paramref name="e"/> is something the remote server or the network did to this attempt.</summary>
    public static bool IsRemote(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when Storage.Outage.IsTransient(e) => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested, // a deadline of ours, not a stop
        IOException or SocketException or TimeoutException or ProtocolException or CommandException or SslHandshakeException
            or System.Security.Authentication.AuthenticationException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or NotSupportedException => true,
        _ => false,
    };

    /// <summary>True when a connection failed after the server had spoken (a refused greeting or EHLO, a garbled reply): a session.</summary>
    public static bool ServerAnswered(Exception e) => e is SmtpCommandException or ProtocolException;

    /// <summary>Before a transaction (connect, greeting, EHLO, STARTTLS): temporary for the message, another MX may take it (T63, T64).</summary>
    public static DeliveryOutcome AtConnect(Exception e, DeliveryTarget target, int attempt) => e switch
    {
        // The reply's code is kept: a 421 greeting on the last MX tried rests the destination as a 421 anywhere does (T63).
        SmtpCommandException command => new DeliveryOutcome(EventTypes.SoftBounce, BounceClasses.TransientFailure,
            new SmtpDetail((int)command.StatusCode, "4.4.1", $"{(int)command.StatusCode} {command.Message}", target.Host, null, false, attempt)),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => DeliveryOutcome.Temporary(BounceClasses.NoAnswerFromHost, "4.4.1", "Connection refused", target.Host, attempt),
        OperationCanceledException or TimeoutException => DeliveryOutcome.Temporary(BounceClasses.NoAnswerFromHost, "4.4.1", "Connection timed out", target.Host, attempt),
        SslHandshakeException or System.Security.Authentication.AuthenticationException =>
            DeliveryOutcome.Temporary(BounceClasses.BadConnection, "4.7.5", $"TLS handshake failed: {e.Message}", target.Host, attempt),
        ProtocolException => DeliveryOutcome.Temporary(BounceClasses.BadConnection, "4.5.0", $"Protocol error: {e.Message}", target.Host, attempt),
        _ => DeliveryOutcome.Temporary(BounceClasses.BadConnection, "4.4.2", $"Connection failed: {e.GetType().Name}: {e.Message}", target.Host, attempt),
    };

    /// <summary>
    /// An enforced TLS policy failed on this target (no STARTTLS, a refused handshake or certificate): temporary, never the
    /// recipient's fault, 4.7.5 as Postfix says it, the policy as the softbounce's reason; nothing was sent in plain text.
    /// </summary>
    public static DeliveryOutcome PolicyFailure(TlsPolicyViolationException e, DeliveryTarget target, int attempt) =>
        new(EventTypes.SoftBounce, BounceClasses.BadConnection,
            new SmtpDetail(null, "4.7.5", $"TLS required by the {target.Tls.Policy} policy failed ({e.ResultType}): {e.Message}", target.Host, null, false, attempt)
            {
                TlsDetail = new TlsDetail(null, null, target.Tls.Policy, false),
            },
            target.Tls.Policy);

    /// <summary>
    /// A reply MailKit refused (<see cref="SmtpCommandException"/>): a 4xx or 5xx is classified by its code; any other
    /// code where it was not expected (a 2xx to DATA, a 3xx to MAIL, a 600) is a protocol error, temporary, never a
    /// delivery. A 2xx to the final dot is the server taking the message (the caller journals it).
    /// </summary>
    public static DeliveryOutcome Reply(SmtpCommandException e, PooledConnection connection, DeliveryTarget target, int attempt)
    {
        var code = (int)e.StatusCode;
        var text = $"{code} {e.Message}".Trim();
        var enhanced = BounceClassifier.EnhancedCodeOf(e.Message);
        if (code is >= 400 and < 600)
        {
            // RFC 5321 §4.5.3.1.10: a 552 to RCPT (too many recipients, a full mailbox) is to be taken as the temporary 452 (T66).
            var classifiedAs = code == 552 && e.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? 452 : code;
            var (type, bounceClass) = BounceClassifier.Classify(classifiedAs, enhanced, e.Message);
            return new DeliveryOutcome(type, bounceClass, Detail(connection, target, code, enhanced, text, attempt));
        }

        return new DeliveryOutcome(EventTypes.SoftBounce, BounceClasses.TransientFailure,
            Detail(connection, target, code, "4.5.0", $"Unexpected reply to {Step(e.ErrorCode)}: {text}", attempt));
    }

    /// <summary>
    /// False when the recipient's local part is not ASCII and the server did not offer SMTPUTF8 (RFC 6531): MailKit would
    /// send the UTF-8 address anyway (it converts only the domain), so the message is not offered at all (T79).
    /// </summary>
    public static bool CanCarry(PooledConnection connection, string recipient) =>
        recipient.All(char.IsAscii) || (connection.Client.Capabilities & SmtpCapabilities.UTF8) != 0;

    /// <summary>A non-ASCII address to a server without SMTPUTF8: permanent, 5.6.7 as KumoMTA and RFC 6531 say (T79).</summary>
    public static DeliveryOutcome NeedsSmtpUtf8(PooledConnection connection, DeliveryTarget target, int attempt) =>
        new(EventTypes.HardBounce, BounceClasses.Other,
            Detail(connection, target, null, "5.6.7", "554 5.6.7 The server does not offer SMTPUTF8, which the non-ASCII recipient address needs", attempt));

    /// <summary>True for a 2xx to the final dot: MailKit expects 250 only, but the server has taken the message.</summary>
    public static bool IsAcceptedAfterDot(SmtpCommandException e) => e.ErrorCode == SmtpErrorCode.MessageNotAccepted && (int)e.StatusCode is >= 200 and < 300;

    /// <summary>
    /// Anything else during the transaction: the connection is not reused, and another MX is not tried with this copy.
    /// <paramref name="afterWholeMessage"/>: every byte of the message had been written, so a loss now marks the attempt
    /// <c>possible_duplicate</c> (T61).
    /// </summary>
    public static DeliveryOutcome InTransaction(Exception e, PooledConnection connection, DeliveryTarget target, int attempt, bool afterWholeMessage = false) => e switch
    {
        // MailKit turns a 530 to MAIL, RCPT or the dot into this, with the reply text as its message.
        ServiceNotAuthenticatedException => new DeliveryOutcome(EventTypes.HardBounce, BounceClasses.PolicyRelated,
            Detail(connection, target, 530, BounceClassifier.EnhancedCodeOf(e.Message) ?? "5.7.0", $"530 {e.Message}".Trim(), attempt)),
        NotSupportedException => new DeliveryOutcome(EventTypes.HardBounce, BounceClasses.Other,
            Detail(connection, target, null, "5.6.7", $"The server lacks an extension this message needs: {e.Message}", attempt)),
        OperationCanceledException or TimeoutException => Lost(connection, target, "Timed out waiting for the server", attempt, afterWholeMessage),
        ProtocolException => Lost(connection, target, $"Protocol error: {e.Message}", attempt, afterWholeMessage),
        ServiceNotConnectedException => Lost(connection, target, "Connection lost: the server had closed it", attempt, afterWholeMessage),
        _ => Lost(connection, target, $"Connection lost: {e.Message}", attempt, afterWholeMessage),
    };

    /// <summary>Lost mid-transaction: RFC 5321 §3.8 treats it as temporary (T60, T61); after the whole message, a possible duplicate.</summary>
    private static DeliveryOutcome Lost(PooledConnection connection, DeliveryTarget target, string text, int attempt, bool afterWholeMessage) =>
        new(EventTypes.SoftBounce, BounceClasses.BadConnection,
            Detail(connection, target, null, "4.4.2", afterWholeMessage ? $"{text} (after the whole message was sent: possible duplicate)" : text, attempt)
                with { PossibleDuplicate = afterWholeMessage ? true : null });

    private static SmtpDetail Detail(PooledConnection connection, DeliveryTarget target, int? code, string? enhanced, string text, int attempt) =>
        new(code, enhanced, text, target.Host, connection.SourceIp, connection.IsSecure, attempt) { TlsDetail = connection.TlsDetailFor(target.Tls, target.Host) };

    private static string Step(SmtpErrorCode error) => error switch
    {
        SmtpErrorCode.SenderNotAccepted => "MAIL FROM",
        SmtpErrorCode.RecipientNotAccepted => "RCPT TO",
        SmtpErrorCode.MessageNotAccepted => "the final dot",
        _ => "a command",
    };
}
