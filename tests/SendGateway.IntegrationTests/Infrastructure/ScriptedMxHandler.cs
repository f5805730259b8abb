using System.Net;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// KumoMTA-style magic recipients (reliability.md §7): the local part picks the behaviour.
/// <c>tempfail-once</c> 451 at RCPT the first time; <c>tempfail</c> always 451; <c>nouser</c> 550 5.1.1;
/// <c>spam</c> 554 5.7.1 after the dot; <c>dropdata-once</c> hangs up after 354 the first time. Anything else: 250.
/// </summary>
public sealed class ScriptedMxHandler(TestMx mx) : ISmtpSessionHandler
{
    public ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken)
    {
        var local = recipient.Address[..recipient.Address.IndexOf('@')];
        return ValueTask.FromResult(local switch
        {
            _ when local.StartsWith("tempfail-once", StringComparison.Ordinal) && mx.FirstTime("rcpt:" + recipient.Address) =>
                new SmtpReply(451, "4.3.0", "Try again later"),
            _ when local.StartsWith("tempfail-always", StringComparison.Ordinal) => new SmtpReply(451, "4.3.0", "Try again later"),
            _ when local.StartsWith("nouser", StringComparison.Ordinal) => new SmtpReply(550, "5.1.1", "No such user here"),
            _ => SmtpReplies.RecipientOk,
        });
    }

    public ValueTask<SmtpReply?> OnDataStartAsync(SmtpSessionContext session, CancellationToken cancellationToken) =>
        ValueTask.FromResult(session.Transaction!.Recipients.Any(r => r.Address.StartsWith("dropdata-once", StringComparison.Ordinal) && mx.FirstTime("data:" + r.Address))
            ? SmtpReply.Disconnect
            : null);

    public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction!;
        if (transaction.Recipients.Any(r => r.Address.StartsWith("spam", StringComparison.Ordinal)))
        {
            return ValueTask.FromResult(new SmtpReply(554, "5.7.1", "Message rejected: listed as spam by our blocklist"));
        }

        var declared = transaction.From.Parameters.TryGetValue("SIZE", out var size) && long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var octets) ? octets : (long?)null;
        mx.Record(new ReceivedMessage(
            transaction.From.Address, transaction.Recipients.Select(r => r.Address).ToList(), content.ToArray(), mx.EndPoint, (session.RemoteEndPoint as IPEndPoint)?.Address, session.HeloName, declared));
        return ValueTask.FromResult(new SmtpReply(250, "2.0.0", $"Ok: queued as {Guid.NewGuid():N}"));
    }
}
