using System.Text;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>
/// AUTH PLAIN and AUTH LOGIN (RFC 4954, 4616), with an initial response or 334 continuations. Unknown user and wrong
/// password get the same 535; after <see cref="SmtpSessionOptions.MaxAuthenticationFailures"/> failures the session ends.
/// Credentials are never logged or kept.
/// </summary>
public sealed class AuthCommand : ISmtpCommand
{
    public async ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        if (!session.IsSecure && session.Options.RequireTlsForAuthentication)
        {
            return session.Strike(SmtpReplies.EncryptionRequired);
        }

        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : string.Empty;
        var initial = parts.Length > 1 ? parts[1] : null;
        (string User, string Password)? credentials;
        SmtpReply? error;
        switch (mechanism)
        {
            case "PLAIN":
                (credentials, error) = await PlainAsync(session, initial, cancellationToken).ConfigureAwait(false);
                break;
            case "LOGIN":
                (credentials, error) = await LoginAsync(session, initial, cancellationToken).ConfigureAwait(false);
                break;
            default:
                return session.Strike(SmtpReplies.AuthenticationUnknownMechanism);
        }

        if (error is not null)
        {
            return error.IsDisconnect ? error : session.Strike(error);
        }

        var result = await session.Handler.AuthenticateAsync(session, credentials!.Value.User, credentials.Value.Password, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case SmtpAuthStatus.Succeeded:
                session.Identity = result.Identity;
                session.IdentityDefaults = result.IdentityDefaults;
                return SmtpReplies.AuthenticationSucceeded;
            case SmtpAuthStatus.TemporaryFailure:
                return SmtpReplies.AuthenticationTemporaryFailure;
            default:
                session.AuthFailures++;
                return session.AuthFailures >= session.Options.MaxAuthenticationFailures
                    ? SmtpReplies.TooManyAuthenticationFailures
                    : session.Strike(SmtpReplies.AuthenticationInvalid);
        }
    }

    private static async ValueTask<((string, string)?, SmtpReply?)> PlainAsync(SmtpSessionContext session, string? initial, CancellationToken cancellationToken)
    {
        var (response, error) = initial is null ? await ChallengeAsync(session, string.Empty, cancellationToken).ConfigureAwait(false) : (initial, null);
        if (error is not null)
        {
            return (null, error);
        }

        if (Decode(response!) is not { } decoded)
        {
            return (null, SmtpReplies.AuthenticationCannotDecode);
        }

        // authzid \0 authcid \0 password
        var fields = decoded.Split('\0');
        return fields.Length == 3 ? ((fields[1], fields[2]), null) : (null, SmtpReplies.AuthenticationCannotDecode);
    }

    private static async ValueTask<((string, string)?, SmtpReply?)> LoginAsync(SmtpSessionContext session, string? initial, CancellationToken cancellationToken)
    {
        var (user, error) = initial is null ? await ChallengeAsync(session, "VXNlcm5hbWU6", cancellationToken).ConfigureAwait(false) : (initial, null);
        if (error is not null)
        {
            return (null, error);
        }

        var (password, passwordError) = await ChallengeAsync(session, "UGFzc3dvcmQ6", cancellationToken).ConfigureAwait(false);
        if (passwordError is not null)
        {
            return (null, passwordError);
        }

        return Decode(user!) is { } u && Decode(password!) is { } p ? ((u, p), null) : (null, SmtpReplies.AuthenticationCannotDecode);
    }

    /// <summary>Sends a 334 challenge and reads the client's line: null reply means a usable response.</summary>
    private static async ValueTask<(string?, SmtpReply?)> ChallengeAsync(SmtpSessionContext session, string challenge, CancellationToken cancellationToken)
    {
        if (!await session.WriteAsync(new SmtpReply(334, null, challenge), cancellationToken).ConfigureAwait(false))
        {
            return (null, SmtpReply.Disconnect);
        }

        var line = await session.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line switch
        {
            { Closed: true } => (null, SmtpReply.Disconnect),
            { TooLong: true } => (null, SmtpReplies.AuthenticationLineTooLong),
            { Text: "*" } => (null, SmtpReplies.AuthenticationAborted),
            { Text: null } => (null, SmtpReplies.AuthenticationCannotDecode),
            _ => (line.Text, null),
        };
    }

    private static string? Decode(string base64)
    {
        Span<byte> bytes = stackalloc byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) ? Encoding.UTF8.GetString(bytes[..written]) : null;
    }
}
