namespace SendGateway.Smtp.Protocol;

/// <summary>Parses command lines and MAIL/RCPT paths (RFC 5321 §4.1). Pure functions, no I/O.</summary>
public static class SmtpCommandParser
{
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 255;
    private const int MaxPath = 256;

    private static readonly string[] HttpVerbs = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "PATCH"];

    /// <summary>The verb is read here once; the session and the state table use <see cref="SmtpCommand.Verb"/>.</summary>
    public static SmtpCommand Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verbText = space < 0 ? line : line[..space];
        var argument = space < 0 ? string.Empty : line[(space + 1)..].Trim();
        var verb = verbText.ToUpperInvariant() switch
        {
            "HELO" => SmtpVerb.Helo,
            "EHLO" => SmtpVerb.Ehlo,
            "MAIL" => SmtpVerb.Mail,
            "RCPT" => SmtpVerb.Rcpt,
            "DATA" => SmtpVerb.Data,
            "RSET" => SmtpVerb.Rset,
            "NOOP" => SmtpVerb.Noop,
            "QUIT" => SmtpVerb.Quit,
            "VRFY" => SmtpVerb.Vrfy,
            "EXPN" => SmtpVerb.Expn,
            "STARTTLS" => SmtpVerb.StartTls,
            "AUTH" => SmtpVerb.Auth,
            "BDAT" => SmtpVerb.Bdat,
            "ETRN" => SmtpVerb.Etrn,
            "TURN" => SmtpVerb.Turn,
            _ => SmtpVerb.Unknown,
        };
        var crossProtocol = verb == SmtpVerb.Unknown && (verbText.EndsWith(':') || HttpVerbs.Contains(verbText, StringComparer.OrdinalIgnoreCase));
        return new SmtpCommand(verb, argument, crossProtocol);
    }

    /// <summary>Parses <c>FROM:&lt;path&gt; params</c> or <c>TO:&lt;path&gt; params</c>.</summary>
    public static bool TryParsePath(string argument, string keyword, bool allowNull, out SmtpPath? path)
    {
        path = null;
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument[keyword.Length..].TrimStart();
        if (rest.Length == 0 || rest[0] != '<')
        {
            return false;
        }

        var close = rest.IndexOf('>', StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        var address = rest[1..close];
        if (address.Length == 0 ? !allowNull : !IsValidMailbox(address))
        {
            return false;
        }

        var parameters = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? repeated = null;
        foreach (var part in rest[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            if (!parameters.TryAdd(name, eq < 0 ? null : part[(eq + 1)..]))
            {
                repeated ??= name;
            }
        }

        path = new SmtpPath(address, parameters) { Repeated = repeated };
        return true;
    }

    /// <summary>A mailbox <c>local@domain</c> within the RFC 5321 length floors, without source routes or spaces.</summary>
    public static bool IsValidMailbox(string address)
    {
        if (address.Length > MaxPath - 2 || address.StartsWith('@'))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        if (local.Length > MaxLocalPart || domain.Length > MaxDomain)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (c <= ' ' || c == '<' || c == '>' || c == '\u007f')
            {
                return false;
            }
        }

        return local.IndexOf('@') < 0 || (local[0] == '"' && local[^1] == '"');
    }
}
