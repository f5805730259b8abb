using System.Globalization;
using SendGateway.Smtp.IO;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>
/// BDAT (RFC 3030 CHUNKING): exactly <c>count</c> octets follow the command; chunks accumulate up to the message
/// size limit (a chunk past it is read and discarded: 552 5.3.4); LAST hands the message over.
/// </summary>
public sealed class BdatCommand : ISmtpCommand
{
    public async ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || (parts.Length == 2 && !parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            return SmtpReplies.BdatSyntax;
        }

        var last = parts.Length == 2;
        session.Chunks ??= new MemoryStream();
        var fits = session.Chunks.Length + count <= session.Limits.MaxMessageBytes;
        using var deadline = new DataDeadline(session.Limits, cancellationToken);
        try
        {
            if (!await session.Transport.Input.ReadExactAsync(count, fits ? session.Chunks : null, deadline.Token, deadline.Received).ConfigureAwait(false))
            {
                return SmtpReply.Disconnect;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SmtpReplies.Timeout;
        }

        if (!fits)
        {
            session.ResetTransaction();
            return SmtpReplies.ChunkTooBig;
        }

        if (!last)
        {
            return new SmtpReply(250, "2.0.0", $"{count} octets received");
        }

        try
        {
            return await session.Handler.OnMessageAsync(session, session.Chunks.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            session.ResetTransaction();
        }
    }
}
