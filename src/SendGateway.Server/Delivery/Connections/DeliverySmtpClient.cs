using MailKit.Net.Smtp;
using MimeKit;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// MailKit's client with the timeouts of RFC 5321 §4.5.3.2 by stage instead of one for every command: greeting to RCPT
/// (and the NOOP probe) within <see cref="CommandTimeout"/>; once the recipient is accepted, the DATA command, each
/// write of the message and the wait for the reply to the final dot within <see cref="DataTimeout"/> (reliability.md
/// T62: the dot's reply may take 10 minutes, and a client that gives up earlier sends the message twice).
/// </summary>
internal sealed class DeliverySmtpClient(TimeSpan commandTimeout, TimeSpan dataTimeout) : SmtpClient
{
    public TimeSpan CommandTimeout { get; } = commandTimeout;

    public TimeSpan DataTimeout { get; } = dataTimeout;

    /// <summary>Back to the command timeout: before a transaction's MAIL FROM and before a NOOP probe.</summary>
    public void UseCommandTimeout() => Timeout = (int)CommandTimeout.TotalMilliseconds;

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        base.OnRecipientAccepted(message, mailbox, response);
        Timeout = (int)DataTimeout.TotalMilliseconds;
    }
}
