using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>MAIL FROM: path syntax, ESMTP parameters (SIZE, BODY, SMTPUTF8, AUTH, REQUIRETLS), authentication, then the handler.</summary>
public sealed class MailCommand : ISmtpCommand
{
    private static readonly string[] Bodies = ["7BIT", "8BITMIME"];

    public async ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        if (!SmtpCommandParser.TryParsePath(argument, "FROM:", allowNull: true, out var from))
        {
            return session.Strike(SmtpReplies.BadSender);
        }

        if (from!.Repeated is { } repeated)
        {
            return session.Strike(new SmtpReply(501, "5.5.4", $"Duplicate option: {repeated}"));
        }

        foreach (var (name, value) in from.Parameters)
        {
            var known = name.ToUpperInvariant() switch
            {
                "SIZE" => true,
                "BODY" => Bodies.Contains(value?.ToUpperInvariant()),
                "SMTPUTF8" => value is null,
                "AUTH" => true,
                "REQUIRETLS" => value is null,
                _ => false,
            };
            if (!known)
            {
                return session.Strike(new SmtpReply(555, "5.5.4", $"Unsupported option: {name}"));
            }
        }

        if (from.Parameters.TryGetValue("SIZE", out var size))
        {
            if (!long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var declared))
            {
                return size is { Length: > 0 } && size.All(char.IsAsciiDigit) ? SmtpReplies.MessageTooBig : session.Strike(SmtpReplies.BadSizeSyntax);
            }

            if (declared > session.Limits.MaxMessageBytes)
            {
                return SmtpReplies.MessageTooBig;
            }
        }

        var requireTls = from.Parameters.ContainsKey("REQUIRETLS");
        if (requireTls && !session.IsSecure)
        {
            return session.Strike(SmtpReplies.RequireTlsWithoutTls);
        }

        var utf8 = from.Parameters.ContainsKey("SMTPUTF8");
        if (!utf8 && !from.Address.All(char.IsAscii))
        {
            return SmtpReplies.UnicodeWithoutSmtpUtf8;
        }

        if (session.Options.RequireAuthentication && session.Identity is null)
        {
            session.Identity = await session.Handler.IdentifyUnauthenticatedAsync(session, cancellationToken).ConfigureAwait(false);
            if (session.Identity is null)
            {
                // Authentication is what is missing, but it can only happen after STARTTLS: say that first.
                var tlsFirst = session.Options.RequireTlsForAuthentication && session.Options.Certificate is not null && !session.IsSecure;
                return session.Strike(tlsFirst ? SmtpReplies.StartTlsFirst : SmtpReplies.AuthenticationRequired);
            }
        }

        var reply = await session.Handler.OnMailAsync(session, from, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositive)
        {
            session.Transaction = new SmtpTransaction { From = from, Utf8 = utf8, RequireTls = requireTls };
        }

        return reply;
    }
}
