namespace SendGateway.Smtp;

public enum SmtpAuthStatus
{
    Succeeded,
    Failed,
    TemporaryFailure,
}

/// <summary>What the host decided about credentials; <c>Identity</c> is the host's own id for the client (a tenant).</summary>
public sealed record SmtpAuthResult(SmtpAuthStatus Status, string? Identity = null)
{
    public static readonly SmtpAuthResult Failed = new(SmtpAuthStatus.Failed);

    public static readonly SmtpAuthResult TemporaryFailure = new(SmtpAuthStatus.TemporaryFailure);
}
