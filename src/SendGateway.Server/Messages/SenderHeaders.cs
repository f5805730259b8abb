using System.Collections.Frozen;
using MimeKit;

namespace SendGateway.Server.Messages;

/// <summary>
/// Who a message may claim to be from, the same on every front (REST, the EmailLabs-compatible API, the SMTP relay;
/// issue 32 §3): exactly one <c>From</c>, at most one <c>Sender</c>, every mailbox of both on a proven domain of the
/// tenant (<see cref="SenderDomains"/>: verified, not stopped); and no trust header from the submitter. Trust headers are
/// what receivers read as an earlier hop's verdict (<c>Authentication-Results</c>, <c>ARC-*</c>, <c>Received-SPF</c>) or
/// signature (<c>DKIM-Signature</c>): forged, they could make a receiver believe checks that never ran. The APIs refuse
/// them as custom headers (422 / EmailLabs 400); the relay removes them before queueing, since mail clients and MTAs
/// that submit through it add some of them legitimately, and our own DKIM signature is the only one that leaves.
/// </summary>
internal static class SenderHeaders
{
    public const string From = "From";
    public const string Sender = "Sender";

    /// <summary>The trust headers named in full; every <c>ARC-</c> header counts too (<see cref="IsTrust"/>).</summary>
    public static readonly FrozenSet<string> Trust = new[]
    {
        "Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "Received-SPF", "DKIM-Signature", "DomainKey-Signature",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Header lists are read as a receiver would: an unquoted comma always separates mailboxes (MimeKit's default reads
    /// <c>Smith, John &lt;john@ours&gt;</c> as one mailbox named "Smith, John", where a receiver may see two); such a
    /// field is refused rather than guessed.
    /// </summary>
    private static readonly ParserOptions Lists = new() { AllowUnquotedCommasInAddresses = false, AllowAddressesWithoutDomain = false };

    public static bool IsTrust(string name) => Trust.Contains(name) || name.StartsWith("ARC-", StringComparison.OrdinalIgnoreCase);

    public static bool IsAuthor(string name) => name.Equals(From, StringComparison.OrdinalIgnoreCase) || name.Equals(Sender, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a custom header of an API request is refused, or null when this rule has nothing against it.</summary>
    public static string? CustomHeaderProblem(string name) =>
        IsAuthor(name) ? $"{name} is not a custom header: the author is the from field, whose domain must be a verified domain of this account."
        : IsTrust(name) ? $"{name} is a trust header, added by receiving servers or by our DKIM signing, never by the sender."
        : null;

    /// <summary>The relay's reading of <c>From</c> and <c>Sender</c>: every mailbox normalised, or the refusal.</summary>
    public static AuthorMailboxes Read(HeaderList headers, bool smtpUtf8)
    {
        var from = headers.Where(h => h.Id == HeaderId.From).ToList();
        if (from.Count != 1)
        {
            return AuthorMailboxes.Refused(from.Count == 0 ? "Error: the message has no From header; it needs exactly one" : "Error: the message has more than one From header; it may have exactly one");
        }

        var sender = headers.Where(h => h.Id == HeaderId.Sender).ToList();
        if (sender.Count > 1)
        {
            return AuthorMailboxes.Refused("Error: the message has more than one Sender header; it may have at most one");
        }

        var all = new List<(string Header, string Address)>();
        if (Mailboxes(from[0].Value, smtpUtf8) is not { Count: > 0 } authors)
        {
            return AuthorMailboxes.Refused("Error: the From header must list one or more mailboxes (local@domain), not a group or nothing");
        }

        all.AddRange(authors.Select(a => (From, a)));
        if (sender.Count == 1)
        {
            if (Mailboxes(sender[0].Value, smtpUtf8) is not { Count: 1 } senders)
            {
                return AuthorMailboxes.Refused("Error: the Sender header must be exactly one mailbox (local@domain)");
            }

            all.Add((Sender, senders[0]));
        }

        return new AuthorMailboxes(authors[0], all, null);
    }

    /// <summary>The header holding the first mailbox not on a proven domain of the tenant, or null when all are proven.</summary>
    public static async ValueTask<string?> UnprovenHeaderAsync(SenderDomains senders, string tenantId, AuthorMailboxes authors, CancellationToken cancellationToken)
    {
        foreach (var (header, address) in authors.All)
        {
            if (!await senders.IsAuthorizedAsync(tenantId, address, cancellationToken))
            {
                return header;
            }
        }

        return null;
    }

    /// <summary>The normalised mailboxes of an address-list field; null for a group, an unparsable or an invalid one.</summary>
    private static List<string>? Mailboxes(string value, bool smtpUtf8)
    {
        if (!InternetAddressList.TryParse(Lists, value, out var list) || list.Any(a => a is not MailboxAddress))
        {
            return null;
        }

        var result = new List<string>();
        foreach (var mailbox in list.Mailboxes)
        {
            // GetAddress(true): an internationalized domain as the xn-- name it is registered under (Address decodes it).
            if (Addresses.Normalize(mailbox.GetAddress(idnEncode: true), smtpUtf8) is not { } address)
            {
                return null;
            }

            result.Add(address);
        }

        return result;
    }
}
