using System.Text;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Sink;

/// <summary>Writes each accepted message to its own .eml file (written aside, then renamed), envelope on top.</summary>
public sealed class EmlFileHandler(string directory) : ISmtpSessionHandler
{
    public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction!;
        var id = $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var envelope = new StringBuilder()
            .Append("X-Envelope-From: <").Append(transaction.From.Address).Append(">\r\n");
        foreach (var recipient in transaction.Recipients)
        {
            envelope.Append("X-Envelope-To: <").Append(recipient.Address).Append(">\r\n");
        }

        var temporary = Path.Combine(directory, $".{id}.tmp");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, useAsync: true))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(envelope.ToString()), cancellationToken).ConfigureAwait(false);
            await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, Path.Combine(directory, $"{id}.eml"));
        return new SmtpReply(250, "2.0.0", $"Ok: queued as {id}");
    }
}
