using System.Text;

namespace SendGateway.Smtp.Protocol;

/// <summary>One SMTP reply: a three-digit code, an optional RFC 3463 enhanced code and text lines.</summary>
public sealed record SmtpReply(int Code, string? EnhancedCode, string Text)
{
    /// <summary>Not a reply: the session closes the connection without answering (test scripting, hostile peers).</summary>
    public static readonly SmtpReply Disconnect = new(0, null, string.Empty);

    /// <summary>Nothing to send and the session goes on (after a completed STARTTLS handshake).</summary>
    public static readonly SmtpReply Silent = new(-1, null, string.Empty);

    public bool IsDisconnect => Code == 0;

    public bool IsSilent => Code == -1;

    public bool IsPositive => Code is >= 200 and < 400;

    public bool ClosesSession { get; init; }

    /// <summary>Writes the reply, one line per text line, with continuation dashes.</summary>
    public string Format()
    {
        var lines = Text.Split('\n');
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            builder.Append(Code).Append(i == lines.Length - 1 ? ' ' : '-');
            if (EnhancedCode is not null)
            {
                builder.Append(EnhancedCode).Append(' ');
            }

            builder.Append(lines[i]).Append("\r\n");
        }

        return builder.ToString();
    }

    public override string ToString() => Format().TrimEnd();
}
