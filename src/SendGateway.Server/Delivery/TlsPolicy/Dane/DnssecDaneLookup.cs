using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>
/// TLSA records of <c>_&lt;port&gt;._tcp.&lt;mx&gt;</c> asked of the validating resolvers only, with the DO bit set and never CD,
/// and trusted as far as the AD bit of the answer says (RFC 7672 §2.1, Postfix's <c>smtp_dns_support_level = dnssec</c>):
/// authenticated records make the host a DANE host, an authenticated denial or an unsigned answer means no DANE, and
/// anything else (SERVFAIL for a bogus answer, a timeout) fails the lookup: the host is skipped, never taken as "no DANE".
/// Answers are kept for their TTL in a bounded cache; failures are not kept.
/// </summary>
internal sealed class DnssecDaneLookup : IDaneLookup, IDisposable
{
    private static readonly TimeSpan NegativeTtlWithoutSoa = TimeSpan.FromMinutes(1);

    private readonly DaneOptions _options;
    private readonly LookupClient _dns;
    private readonly MemoryCache _cache;
    private readonly ILogger<DnssecDaneLookup> _logger;

    public DnssecDaneLookup(IOptions<DaneOptions> options, ILogger<DnssecDaneLookup> logger)
    {
        _options = options.Value;
        _logger = logger;
        var servers = _options.ValidatingResolvers.Select(s => new NameServer(IPEndPoint.Parse(s))).ToArray();
        _dns = new LookupClient(new LookupClientOptions(servers)
        {
            RequestDnsSecRecords = true, // EDNS with DO=1: a validating resolver sets AD only for a client that asks (RFC 6840 §5.7)
            UseCache = false, // the bounded cache below keeps answers; DnsClient's own cache has no size limit
            ContinueOnDnsError = false, // a SERVFAIL is the answer: it must not be "answered" by the next server
            ContinueOnEmptyResponse = false,
            UseTcpFallback = true, // TLSA answers with their RRSIGs can exceed a UDP payload
            ThrowDnsErrors = false,
            Timeout = _options.Timeout,
            Retries = 1,
        });
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSize });
        DaneLog.Enabled(logger, string.Join(", ", _options.ValidatingResolvers));
    }

    public async Task<TlsaLookup> LookupAsync(string mxHost, int port, CancellationToken cancellationToken)
    {
        var host = mxHost.TrimEnd('.').ToLowerInvariant();
        var name = $"_{port}._tcp.{host}";
        if (_cache.TryGetValue(name, out TlsaLookup? cached))
        {
            return cached!;
        }

        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(name, QueryType.TLSA, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            return Failed(host, $"TLSA lookup of {name} got no answer: {e.Code}");
        }

        var (lookup, ttl) = Read(name, response);
        if (lookup.Status == TlsaLookupStatus.Failed)
        {
            return Failed(host, lookup.Detail!);
        }

        DaneLog.LookedUp(_logger, host, lookup.Status, lookup.Records.Count);
        var keep = ttl < _options.MaxCacheTime ? ttl : _options.MaxCacheTime;
        if (keep > TimeSpan.Zero)
        {
            _cache.Set(name, lookup, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = keep });
        }

        return lookup;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>What an answer means for DANE, and how long it may be kept.</summary>
    internal static (TlsaLookup Lookup, TimeSpan Ttl) Read(string name, IDnsQueryResponse response)
    {
        var code = response.Header.ResponseCode;
        if (code is not (DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain))
        {
            return (new TlsaLookup(TlsaLookupStatus.Failed, [], $"TLSA lookup of {name} answered {code}"), TimeSpan.Zero);
        }

        if (!response.Header.IsAuthenticData)
        {
            // Unsigned (insecure) answers never count as DANE, whatever they hold (RFC 7672 §2.1.1).
            return (TlsaLookup.NoDane, Ttl(response.AllRecords) ?? NegativeTtlWithoutSoa);
        }

        var records = response.Answers.TlsaRecords().ToList();
        if (code == DnsHeaderResponseCode.NotExistentDomain || records.Count == 0)
        {
            // An authenticated denial: no TLSA records, securely (RFC 7672 §2.2).
            var soa = response.Authorities.SoaRecords().FirstOrDefault();
            return (TlsaLookup.NoDane, soa is null ? NegativeTtlWithoutSoa : TimeSpan.FromSeconds(Math.Min(soa.TimeToLive, soa.Minimum)));
        }

        var associations = records
            .Select(r => new TlsaAssociation((byte)r.CertificateUsage, (byte)r.Selector, (byte)r.MatchingType, r.CertificateAssociationData.ToArray()))
            .ToList();
        // All records are returned (a TLS report lists them); only usable ones are ever matched (RFC 7672 §3.1.3).
        var status = associations.Any(a => a.IsUsable) ? TlsaLookupStatus.Usable : TlsaLookupStatus.Unusable;
        return (new TlsaLookup(status, associations), Ttl(records) ?? NegativeTtlWithoutSoa);
    }

    private static TimeSpan? Ttl(IEnumerable<DnsResourceRecord> records)
    {
        var ttls = records.Select(r => r.TimeToLive).ToList();
        return ttls.Count == 0 ? null : TimeSpan.FromSeconds(ttls.Min());
    }

    private TlsaLookup Failed(string host, string detail)
    {
        DaneLog.LookupFailed(_logger, host, detail);
        return new TlsaLookup(TlsaLookupStatus.Failed, [], detail);
    }
}
