using System.IO.Pipelines;
using System.Net;
using System.Text;
using SendGateway.Smtp.IO;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp;

/// <summary>One server-side SMTP session over a duplex pipe: a small state machine around the handler seam.</summary>
public sealed class SmtpSession(IDuplexPipe transport, ISmtpSessionHandler handler, SmtpLimits limits, string hostName, EndPoint? remote)
{
    private string? _helo;
    private SmtpTransaction? _transaction;
    private int _errors;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await WriteAsync(new SmtpReply(220, null, $"{hostName} ESMTP SendGateway"), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limits.CommandTimeout);
            CommandLine line;
            try
            {
                line = await transport.Input.ReadCommandLineAsync(limits.MaxCommandLineLength, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await WriteAsync(SmtpReplies.Timeout, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (line.Closed)
            {
                return;
            }

            var reply = line.TooLong ? Strike(SmtpReplies.CommandTooLong) : await HandleAsync(SmtpCommandParser.Parse(line.Text!), cancellationToken).ConfigureAwait(false);
            if (_errors > limits.MaxErrors)
            {
                reply = SmtpReplies.TooManyErrors;
            }

            if (!await WriteAsync(reply, cancellationToken).ConfigureAwait(false) || reply.ClosesSession)
            {
                return;
            }
        }
    }

    private async ValueTask<SmtpReply> HandleAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (await handler.OnCommandAsync(command, cancellationToken).ConfigureAwait(false) is { } scripted)
        {
            return scripted;
        }

        return command.Verb switch
        {
            SmtpVerb.Ehlo or SmtpVerb.Helo => Greet(command),
            SmtpVerb.Mail => await MailAsync(command, cancellationToken).ConfigureAwait(false),
            SmtpVerb.Rcpt => await RecipientAsync(command, cancellationToken).ConfigureAwait(false),
            SmtpVerb.Data => await DataAsync(cancellationToken).ConfigureAwait(false),
            SmtpVerb.Rset => Reset(),
            SmtpVerb.Noop => SmtpReplies.Ok,
            SmtpVerb.Quit => SmtpReplies.Bye,
            SmtpVerb.Vrfy or SmtpVerb.Expn => SmtpReplies.Disabled,
            _ => Strike(SmtpReplies.CommandUnrecognized),
        };
    }

    private SmtpReply Greet(SmtpCommand command)
    {
        if (command.Argument.Length == 0)
        {
            return Strike(SmtpReplies.SyntaxHelo);
        }

        _helo = command.Argument;
        _transaction = null;
        return command.Verb == SmtpVerb.Helo
            ? new SmtpReply(250, null, hostName)
            : new SmtpReply(250, null, $"{hostName}\nPIPELINING\nSIZE {limits.MaxMessageBytes}\n8BITMIME\nENHANCEDSTATUSCODES\nSMTPUTF8");
    }

    private SmtpReply Reset()
    {
        _transaction = null;
        return SmtpReplies.Ok;
    }

    private async ValueTask<SmtpReply> MailAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (_helo is null)
        {
            return Strike(SmtpReplies.NeedHelo);
        }

        if (_transaction is not null)
        {
            return Strike(SmtpReplies.NestedMail);
        }

        if (!SmtpCommandParser.TryParsePath(command.Argument, "FROM:", allowNull: true, out var from))
        {
            return Strike(SmtpReplies.BadSender);
        }

        if (from!.Parameters.TryGetValue("SIZE", out var size))
        {
            if (!long.TryParse(size, out var declared))
            {
                return Strike(SmtpReplies.BadSizeSyntax);
            }

            if (declared > limits.MaxMessageBytes)
            {
                return SmtpReplies.MessageTooBig;
            }
        }

        var reply = await handler.OnMailAsync(from, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositive)
        {
            _transaction = new SmtpTransaction { From = from, HeloName = _helo, RemoteEndPoint = remote };
        }

        return reply;
    }

    private async ValueTask<SmtpReply> RecipientAsync(SmtpCommand command, CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            return Strike(SmtpReplies.NeedMail);
        }

        if (!SmtpCommandParser.TryParsePath(command.Argument, "TO:", allowNull: false, out var recipient))
        {
            return Strike(SmtpReplies.BadRecipient);
        }

        if (_transaction.Recipients.Count >= limits.MaxRecipients)
        {
            return SmtpReplies.TooManyRecipients;
        }

        var reply = await handler.OnRecipientAsync(_transaction, recipient!, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositive)
        {
            _transaction.Recipients.Add(recipient!);
        }

        return reply;
    }

    private async ValueTask<SmtpReply> DataAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            return Strike(SmtpReplies.NeedMail);
        }

        if (_transaction.Recipients.Count == 0)
        {
            return Strike(SmtpReplies.NeedRcpt);
        }

        var transaction = _transaction;
        _transaction = null;
        if (!await WriteAsync(SmtpReplies.StartData, cancellationToken).ConfigureAwait(false))
        {
            return SmtpReply.Disconnect;
        }

        if (await handler.OnDataStartAsync(transaction, cancellationToken).ConfigureAwait(false) is { } scripted)
        {
            return scripted;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.DataTimeout);
        DataOutcome data;
        try
        {
            data = await transport.Input.ReadDataAsync(limits.MaxTextLineLength, limits.MaxMessageBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SmtpReplies.Timeout;
        }

        return data.Status switch
        {
            DataStatus.Complete => await handler.OnMessageAsync(transaction, data.Content, cancellationToken).ConfigureAwait(false),
            DataStatus.TooLarge => SmtpReplies.MessageTooBig,
            DataStatus.BareNewline => SmtpReplies.BareNewline,
            DataStatus.LineTooLong => SmtpReplies.LineTooLong,
            _ => SmtpReply.Disconnect,
        };
    }

    private SmtpReply Strike(SmtpReply reply)
    {
        _errors++;
        return reply;
    }

    private async ValueTask<bool> WriteAsync(SmtpReply reply, CancellationToken cancellationToken)
    {
        if (reply.IsDisconnect)
        {
            return false;
        }

        try
        {
            await transport.Output.WriteAsync(Encoding.UTF8.GetBytes(reply.Format()), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
