namespace SendGateway.Smtp;

/// <summary>The hard limits of one SMTP session. Plain values: hosts bind and validate them as options.</summary>
public sealed record SmtpLimits
{
    /// <summary>Longest command line in octets, CRLF included (RFC 5321 floor: 512).</summary>
    public int MaxCommandLineLength { get; init; } = 512;

    /// <summary>Longest text line in DATA in octets, CRLF included (RFC 5321 floor: 1000).</summary>
    public int MaxTextLineLength { get; init; } = 1000;

    public long MaxMessageBytes { get; init; } = 25 * 1024 * 1024;

    public int MaxRecipients { get; init; } = 1000;

    public int MaxErrors { get; init; } = 20;

    /// <summary>
    /// Postfix's <c>smtpd_junk_command_limit</c>: NOOP, RSET, VRFY, EXPN, ETRN and TURN a session may send before each
    /// further one counts as an error towards <see cref="MaxErrors"/> (reliability.md T27), so a client cannot hold a
    /// connection open for ever with commands that do nothing.
    /// </summary>
    public int MaxJunkCommands { get; init; } = 100;

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest time for one message's content, however fast it arrives.</summary>
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Postfix's <c>smtpd_min_data_rate</c> (octets per second, 0 = off): content must arrive within
    /// <see cref="CommandTimeout"/> plus one second per this many octets received (reliability.md T24).
    /// </summary>
    public int MinDataRate { get; init; } = 500;
}
