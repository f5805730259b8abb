namespace SendGateway.Smtp;

public enum SmtpAuthStatus
{
    Succeeded,
    Failed,
    TemporaryFailure,
}

/// <summary>
/// What the host decided about credentials; <c>Identity</c> is the host's own id for the client (a tenant),
/// <c>IdentityDefaults</c> what the host keeps with it for the session (the credentials' own settings), or null.
/// </summary>
public sealed record SmtpAuthResult(SmtpAuthStatus Status, string? Identity = null, string? IdentityDefaults = null)
{
    public static readonly SmtpAuthResult Failed = new(SmtpAuthStatus.Failed);

    public static readonly SmtpAuthResult TemporaryFailure = new(SmtpAuthStatus.TemporaryFailure);
}
