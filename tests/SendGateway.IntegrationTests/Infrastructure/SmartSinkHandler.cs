using System.Net;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>One session of a <see cref="SmartSink"/>: records every command, answers MAIL FROM from the script, accepts the rest.</summary>
public sealed class SmartSinkHandler(SmartSink sink) : ISmtpSessionHandler
{
    public ValueTask<SmtpReply?> OnCommandAsync(SmtpSessionContext session, SmtpCommand command, CancellationToken cancellationToken)
    {
        sink.RecordCommand(SourceOf(session), command.Verb);
        return ValueTask.FromResult<SmtpReply?>(null);
    }

    public ValueTask<SmtpReply> OnMailAsync(SmtpSessionContext session, SmtpPath from, CancellationToken cancellationToken) =>
        ValueTask.FromResult(sink.Answer(SourceOf(session)) ?? SmtpReplies.SenderOk);

    public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction!;
        sink.Accept(new ReceivedMessage(transaction.From.Address, [.. transaction.Recipients.Select(r => r.Address)], content.ToArray(), sink.EndPoint, SourceOf(session), session.HeloName));
        return ValueTask.FromResult(new SmtpReply(250, "2.0.0", $"Ok: queued as {Guid.NewGuid():N}"));
    }

    private static IPAddress? SourceOf(SmtpSessionContext session) => (session.RemoteEndPoint as IPEndPoint)?.Address;
}
