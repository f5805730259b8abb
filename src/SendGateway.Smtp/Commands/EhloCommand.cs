using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>EHLO: the extensions offered depend on TLS and authentication state (api.md §3).</summary>
public sealed class EhloCommand : ISmtpCommand
{
    public ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        if (argument.Length == 0)
        {
            return ValueTask.FromResult(session.Strike(SmtpReplies.SyntaxHelo));
        }

        session.HeloName = argument;
        session.Extended = true;
        session.ResetTransaction();
        var options = session.Options;
        var lines = new List<string> { options.HostName, "PIPELINING", $"SIZE {options.Limits.MaxMessageBytes}", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES" };
        if (options.Certificate is not null && !session.IsSecure)
        {
            lines.Add("STARTTLS");
        }

        if (options.AuthenticationEnabled && session.Identity is null && (session.IsSecure || !options.RequireTlsForAuthentication))
        {
            lines.Add("AUTH PLAIN LOGIN");
        }

        if (session.IsSecure)
        {
            // RFC 8689 §2: offered only once the session is TLS (after STARTTLS, or on the implicit-TLS port).
            lines.Add("REQUIRETLS");
        }

        if (options.Chunking)
        {
            lines.Add("CHUNKING");
        }

        return ValueTask.FromResult(new SmtpReply(250, null, string.Join('\n', lines)));
    }
}
