using System.Net;
using SendGateway.Smtp.IO;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp;

/// <summary>The state of one session, shared by the command types; the handler sees it read-only.</summary>
public sealed class SmtpSessionContext(SmtpTransport transport, ISmtpSessionHandler handler, SmtpSessionOptions options, EndPoint? remote)
{
    public SmtpTransport Transport { get; } = transport;

    public ISmtpSessionHandler Handler { get; } = handler;

    public SmtpSessionOptions Options { get; } = options;

    public SmtpLimits Limits => Options.Limits;

    public EndPoint? RemoteEndPoint { get; } = remote;

    public string? HeloName { get; internal set; }

    public bool Extended { get; internal set; }

    /// <summary>The host's identity for an authenticated client (a tenant id), or null.</summary>
    public string? Identity { get; internal set; }

    /// <summary>What the host kept with an authenticated client's identity (<see cref="SmtpAuthResult.IdentityDefaults"/>), or null.</summary>
    public string? IdentityDefaults { get; internal set; }

    public bool IsSecure => Transport.IsSecure;

    public SmtpTransaction? Transaction { get; internal set; }

    internal int Errors { get; set; }

    internal int AuthFailures { get; set; }

    internal int JunkCommands { get; set; }

    internal int RejectedRecipients { get; set; }

    /// <summary>BDAT chunks collected so far, bounded by the message size limit.</summary>
    internal MemoryStream? Chunks { get; set; }

    internal void ResetTransaction()
    {
        Transaction = null;
        RejectedRecipients = 0;
        Chunks?.Dispose();
        Chunks = null;
    }

    internal SmtpReply Strike(SmtpReply reply)
    {
        Errors++;
        return reply;
    }

    internal async ValueTask<bool> WriteAsync(SmtpReply reply, CancellationToken cancellationToken)
    {
        if (reply.IsDisconnect)
        {
            return false;
        }

        if (reply.IsSilent)
        {
            return true;
        }

        try
        {
            // RFC 5321 §4.2: "421 <domain> Service not available, closing transmission channel"; Postfix names itself in every 421.
            var text = reply.Code == 421 ? reply with { Text = $"{Options.HostName} {reply.Text}" } : reply;
            await Transport.Output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text.Format()), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads one line inside a command (AUTH continuations) under the command timeout.</summary>
    internal ValueTask<CommandLine> ReadLineAsync(CancellationToken cancellationToken) => ReadLineAsync(CancellationToken.None, cancellationToken);

    /// <summary>Reads a command line under the command timeout; <paramref name="stopping"/> ends the wait too.</summary>
    internal async ValueTask<CommandLine> ReadLineAsync(CancellationToken stopping, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        timeout.CancelAfter(Limits.CommandTimeout);
        return await Transport.Input.ReadCommandLineAsync(Limits.MaxCommandLineLength, timeout.Token).ConfigureAwait(false);
    }
}
