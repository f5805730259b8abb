using SendGateway.Server.Domains;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Server.Common;

public static class Addresses
{
    /// <summary>
    /// Parses an address by the RFC 5321 mailbox grammar before it goes near an SMTP writer (reliability.md T37):
    /// returns it with the domain lower-cased, or null. IP literals and non-ASCII domains are refused.
    /// </summary>
    public static string? Normalize(string? address)
    {
        if (address is null || address.Length > 254 || !HeaderText.IsSafe(address))
        {
            return null;
        }

        address = address.Trim();
        if (!SmtpCommandParser.IsValidMailbox(address))
        {
            return null;
        }

        var at = address.LastIndexOf('@');
        var domain = address[(at + 1)..].ToLowerInvariant();
        return DomainNames.IsValid(domain) ? string.Concat(address.AsSpan(0, at + 1), domain) : null;
    }

    public static string DomainOf(string normalized) => normalized[(normalized.LastIndexOf('@') + 1)..];
}
