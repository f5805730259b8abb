using DnsClient;
using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery;

namespace SendGateway.Server.Domains;

/// <summary>Checks a sender domain's records through the configured name servers (<c>Delivery:Dns:Servers</c>), uncached.</summary>
public sealed class DomainVerifier
{
    private readonly LookupClient _dns;

    public DomainVerifier(DnsClients dns)
    {
        _dns = dns.Uncached;
    }

    public async Task<IReadOnlyList<RecordCheck>> CheckAsync(DomainView domain, CancellationToken cancellationToken)
    {
        var checks = new List<RecordCheck>();
        foreach (var record in domain.Records)
        {
            checks.Add(record.Type == "CNAME" ? await CheckCnameAsync(record, cancellationToken) : await CheckTxtAsync(record, cancellationToken));
        }

        return checks;
    }

    private async Task<RecordCheck> CheckTxtAsync(DnsRecord record, CancellationToken cancellationToken)
    {
        var response = await _dns.QueryAsync(record.Name, QueryType.TXT, cancellationToken: cancellationToken);
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            return Result(record, [], "dns_error");
        }

        var found = response.Answers.TxtRecords().Select(t => string.Concat(t.Text)).ToList();
        var state = record.Purpose switch
        {
            "dkim" => Matches(found, t => Squeeze(t).Contains(Squeeze(record.Value[record.Value.IndexOf("p=", StringComparison.Ordinal)..]), StringComparison.Ordinal)),
            "spf" => found.Count(t => t.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase)) switch
            {
                0 => found.Count == 0 ? "missing" : "mismatch",
                1 => "verified",
                _ => "mismatch", // more than one SPF record is a permanent error (RFC 7208 §4.5)
            },
            "dmarc" => Matches(found, t => t.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)),
            _ => Matches(found, t => t == record.Value),
        };
        return Result(record, found, state);
    }

    private async Task<RecordCheck> CheckCnameAsync(DnsRecord record, CancellationToken cancellationToken)
    {
        var response = await _dns.QueryAsync(record.Name, QueryType.CNAME, cancellationToken: cancellationToken);
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            return Result(record, [], "dns_error");
        }

        var found = response.Answers.CnameRecords().Select(c => c.CanonicalName.Value.TrimEnd('.')).ToList();
        return Result(record, found, Matches(found, c => c.Equals(record.Value.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)));
    }

    private static string Matches(IReadOnlyList<string> found, Func<string, bool> match) => found.Count == 0 ? "missing" : found.Any(match) ? "verified" : "mismatch";

    private static string Squeeze(string value) => string.Concat(value.Where(c => !char.IsWhiteSpace(c)));

    private static RecordCheck Result(DnsRecord record, IReadOnlyList<string> found, string state) => new(record.Purpose, record.Type, record.Name, record.Value, found, state);
}
