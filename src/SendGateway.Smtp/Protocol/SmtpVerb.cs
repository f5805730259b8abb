namespace SendGateway.Smtp.Protocol;

public enum SmtpVerb
{
    Unknown,
    Helo,
    Ehlo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Expn,
    StartTls,
    Auth,
    Bdat,
    Etrn,
    Turn,
}
