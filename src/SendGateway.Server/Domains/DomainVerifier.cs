using DnsClient;

namespace SendGateway.Server.Domains;

/// <summary>Checks a sender domain's records through the configured name servers (<c>Delivery:Dns:Servers</c>), uncached.</summary>
internal sealed class DomainVerifier
{
    private readonly LookupClient _dns;

    public DomainVerifier(DnsClients dns)
    {
        _dns = dns.Uncached;
    }

    public Task<IReadOnlyList<RecordCheck>> CheckAsync(DomainView domain, CancellationToken cancellationToken) => CheckAsync(domain.Records, cancellationToken);

    public async Task<IReadOnlyList<RecordCheck>> CheckAsync(IEnumerable<DnsRecord> records, CancellationToken cancellationToken)
    {
        var checks = new List<RecordCheck>();
        foreach (var record in records)
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
        return record.Purpose switch
        {
            "dkim" => Result(record, found, Matches(found, t => Squeeze(t).Contains(Squeeze(record.Value[record.Value.IndexOf("p=", StringComparison.Ordinal)..]), StringComparison.Ordinal))),
            "spf" => CheckSpf(record, found),
            "dmarc" => found.FirstOrDefault(t => t.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)) is { } dmarc
                ? new RecordCheck(record.Purpose, record.Type, record.Name, dmarc, found, "verified",
                    "The domain has a DMARC record: keep it as it is (this service's mail aligns through its DKIM signature); do not replace it.")
                : Result(record, found, found.Count == 0 ? "missing" : "mismatch"),
            _ => Result(record, found, Matches(found, t => t == record.Value)),
        };
    }

    /// <summary>One SPF record that holds the service's mechanisms is verified; none is missing; two or more are an error (RFC 7208 §4.5).</summary>
    private static RecordCheck CheckSpf(DnsRecord record, IReadOnlyList<string> found)
    {
        var ours = record.Value["v=spf1 ".Length..^" ~all".Length].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var spf = found.Where(t => t.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase)).ToList();
        return spf.Count switch
        {
            0 => Result(record, found, "missing"),
            1 when ours.All(m => spf[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(m, StringComparer.OrdinalIgnoreCase)) => Result(record, found, "verified"),
            1 => Result(record, found, "mismatch") with
            {
                Note = $"The domain's SPF record does not authorize this service: add {string.Join(' ', ours)} to it before its 'all'; keep a single SPF record.",
            },
            _ => Result(record, found, "mismatch") with
            {
                Note = $"The domain has {spf.Count} SPF records, which is an error (RFC 7208 §4.5): merge them into one that includes {string.Join(' ', ours)}.",
            },
        };
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

    private static RecordCheck Result(DnsRecord record, IReadOnlyList<string> found, string state) =>
        new(record.Purpose, record.Type, record.Name, record.Value, found, state, state == "verified" ? null : record.Note);
}
