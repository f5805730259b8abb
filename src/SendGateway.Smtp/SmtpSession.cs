using System.Net;
using SendGateway.Smtp.IO;
using SendGateway.Smtp.Protocol;
using SendGateway.Smtp.StateMachine;

namespace SendGateway.Smtp;

/// <summary>
/// One server-side SMTP session: reads command lines under the limits, refuses out-of-turn and cross-protocol
/// input, asks the state table which command may run, and writes its reply.
/// </summary>
public sealed class SmtpSession(SmtpTransport transport, ISmtpSessionHandler handler, SmtpSessionOptions options, EndPoint? remote)
{

    public SmtpSessionContext Context { get; } = new(transport, handler, options, remote);

    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(CancellationToken.None, cancellationToken);

    /// <summary>
    /// Runs the session until the client quits or goes away. Once <paramref name="stopping"/> is cancelled (the host is
    /// shutting down), a new session and a session waiting for a command get <c>421 4.3.2</c> and close; a message being
    /// received (DATA, or BDAT chunks before the last) is received and answered first.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        var session = Context;
        if (stopping.IsCancellationRequested)
        {
            await session.WriteAsync(SmtpReplies.ShuttingDown, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (options.PregreetWait > TimeSpan.Zero && await transport.SpeaksWithinAsync(options.PregreetWait, cancellationToken).ConfigureAwait(false))
        {
            await session.WriteAsync(SmtpReplies.ProtocolSynchronization, cancellationToken).ConfigureAwait(false);
            return;
        }

        var greeting = stopping.IsCancellationRequested ? SmtpReplies.ShuttingDown : new SmtpReply(220, null, $"{options.HostName} ESMTP SendGateway");
        if (!await session.WriteAsync(greeting, cancellationToken).ConfigureAwait(false) || greeting.ClosesSession)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var mayStop = session.Chunks is null; // between BDAT chunks the message is still being received
            if (mayStop && stopping.IsCancellationRequested)
            {
                await session.WriteAsync(SmtpReplies.ShuttingDown, cancellationToken).ConfigureAwait(false);
                return;
            }

            CommandLine line;
            try
            {
                line = await session.ReadLineAsync(mayStop ? stopping : CancellationToken.None, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (mayStop && stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await session.WriteAsync(SmtpReplies.ShuttingDown, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await session.WriteAsync(SmtpReplies.Timeout, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (line.Closed)
            {
                return;
            }

            var reply = line switch
            {
                { TooLong: true } => session.Strike(SmtpReplies.CommandTooLong),
                { BadUtf8: true } => session.Strike(SmtpReplies.BadUtf8),
                _ => await HandleAsync(line.Text!, cancellationToken).ConfigureAwait(false),
            };
            if (session.Errors > options.Limits.MaxErrors)
            {
                reply = SmtpReplies.TooManyErrors;
            }

            if (!await session.WriteAsync(reply, cancellationToken).ConfigureAwait(false) || reply.ClosesSession)
            {
                return;
            }
        }

        await session.WriteAsync(SmtpReplies.ShuttingDown, CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<SmtpReply> HandleAsync(string text, CancellationToken cancellationToken)
    {
        var command = SmtpCommandParser.Parse(text);
        if (command.CrossProtocol)
        {
            return SmtpReplies.CrossProtocol;
        }

        if (await Context.Handler.OnCommandAsync(Context, command, cancellationToken).ConfigureAwait(false) is { } scripted)
        {
            return scripted;
        }

        var (handler, refusal) = SmtpStateTable.Resolve(Context, command.Verb);
        return refusal ?? await handler!.ExecuteAsync(Context, command.Argument, cancellationToken).ConfigureAwait(false);
    }
}
