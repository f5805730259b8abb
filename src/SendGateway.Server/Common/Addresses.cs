using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace SendGateway.Server.Common;

/// <summary>
/// The one grammar for an address the service takes from a client (the API's from, to, cc, bcc and reply_to, the
/// EmailLabs fields, suppressions, users, the relay's envelope and header mailboxes; reliability.md T37): a plain
/// mailbox <c>local@domain</c>, the local part a dot-atom or a simple quoted string, the domain a DNS name. No display
/// name, angle brackets, comment, comma, source route or domain literal; non-ASCII only in the local part of a relay
/// transaction that declared SMTPUTF8.
/// </summary>
internal static class Addresses
{
    public const int MaxLength = 254;
    public const int MaxLocalPart = 64;

    /// <summary>
    /// MimeKit's strict RFC 5322 parser judges the dot-atom and quoted-string grammar (no leading, trailing or doubled
    /// dots, atext only), which is easy to get subtly wrong by hand; the explicit checks around it are our narrower
    /// policy, which no RFC parser states: one bare mailbox, nothing it would skip or keep beside the address.
    /// </summary>
    private static readonly ParserOptions Strict = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict, AllowUnquotedCommasInAddresses = false, AllowAddressesWithoutDomain = false,
        Rfc2047ComplianceMode = RfcComplianceMode.Strict,
    };

    /// <summary>The address with its domain lower-cased, or null when it is not a plain mailbox (see <see cref="TryNormalize"/>).</summary>
    public static string? Normalize(string? address, bool smtpUtf8 = false) => TryNormalize(address, smtpUtf8, out var normalized, out _) ? normalized : null;

    /// <summary>
    /// Parses a plain mailbox: the address with its domain lower-cased, or why it is refused, in words for the client
    /// (it never quotes the address back). <paramref name="smtpUtf8"/>: the submitter declared SMTPUTF8 (RFC 6531), so a
    /// non-ASCII local part may pass; the API has no such declaration and refuses it.
    /// </summary>
    public static bool TryNormalize(string? address, bool smtpUtf8, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? problem)
    {
        normalized = null;
        address = address?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || !HeaderText.IsSafe(address))
        {
            problem = $"Not a valid address: a mailbox local@domain of at most {MaxLength} characters is required.";
            return false;
        }

        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var quoted = local.Length >= 2 && local[0] == '"' && local[^1] == '"';
        var bare = quoted ? address[(at + 1)..] : address;
        problem = Policy(address, bare, smtpUtf8);
        if (problem is not null)
        {
            return false;
        }

        if (at <= 0 || local.Length > MaxLocalPart || (quoted && !IsSimpleQuoted(local.AsSpan(1, local.Length - 2))))
        {
            problem = "Not a valid address: local@domain with a local part of at most 64 characters, either dot-atom (a.b+c) or quoted with only letters, digits, spaces, dots and the characters ! # $ % & ' * + - / = ? ^ _ ` { | } ~.";
            return false;
        }

        var domain = address[(at + 1)..].ToLowerInvariant();
        if (!DomainNames.IsValid(domain))
        {
            problem = "Not a valid address: the domain must be a DNS name such as example.com (an internationalized domain in its xn-- form).";
            return false;
        }

        // The parser must take the local part exactly as given: nothing skipped (a comment), nothing added.
        if (!MailboxAddress.TryParse(Strict, address, out var mailbox) || mailbox.Route.Count > 0 || !string.IsNullOrEmpty(mailbox.Name) ||
            !string.Equals(mailbox.LocalPart, local, StringComparison.Ordinal))
        {
            problem = "Not a valid address: the local part must be a dot-atom (no leading, trailing or doubled dots) or a quoted string.";
            return false;
        }

        normalized = string.Concat(local, "@", domain);
        return true;
    }

    public static string DomainOf(string normalized) => normalized[(normalized.LastIndexOf('@') + 1)..];

    /// <summary>The refusals a client can act on, named: checked on the address outside a quoted local part.</summary>
    private static string? Policy(string address, string bare, bool smtpUtf8)
    {
        if (!address.All(char.IsAscii) && (!smtpUtf8 || !bare[(bare.LastIndexOf('@') + 1)..].All(char.IsAscii)))
        {
            return smtpUtf8
                ? "Not a valid address: an internationalized domain must be given in its xn-- form."
                : "Internationalized (non-ASCII) addresses need SMTPUTF8, which this API does not offer: give an ASCII address (an internationalized domain in its xn-- form).";
        }

        return bare switch
        {
            _ when bare.Contains(',') || bare.Contains(';') => "Not a valid address: one mailbox per field, without commas or semicolons (a list is several entries).",
            _ when bare.Contains('<') || bare.Contains('>') || bare.Contains('"') => "Not a valid address: give only local@domain, without a display name or angle brackets (the name has a field of its own).",
            _ when bare.Contains('(') || bare.Contains(')') => "Not a valid address: comments (in parentheses) are not allowed.",
            _ when bare.Contains('[') || bare.Contains(']') => "Not a valid address: domain literals such as [192.0.2.1] are not allowed; give a domain name.",
            _ when bare.Contains(' ') || bare.Contains('\t') || bare.Contains(':') || bare.Contains('\\') => "Not a valid address: spaces, colons and backslashes are allowed only inside a quoted local part.",
            _ => null,
        };
    }

    /// <summary>A quoted local part of RFC 5321 qtextSMTP narrowed to atext, dots and spaces: no escapes, no specials.</summary>
    private static bool IsSimpleQuoted(ReadOnlySpan<char> content)
    {
        if (content.IsEmpty)
        {
            return false;
        }

        foreach (var c in content)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
