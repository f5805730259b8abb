using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>
/// <c>SendGateway:Delivery:Tls:Dane</c>: DANE for outbound SMTP (RFC 7672). TLSA records are asked of resolvers that
/// validate DNSSEC, and their AD bit is trusted, as Postfix does with <c>smtp_dns_support_level = dnssec</c>.
/// </summary>
public sealed class DaneOptions : IValidatableObject
{
    /// <summary>
    /// <c>ip:port</c> of the DNSSEC-validating resolvers TLSA records are asked of (and only they). Empty, the default:
    /// DANE is off and no MX host has DANE. Use resolvers you trust on a path you trust (this host, or a private network):
    /// their AD bit is what makes a TLSA answer count.
    /// </summary>
    public List<string> ValidatingResolvers { get; set; } = [];

    /// <summary>How long one TLSA query may take before it is tried once more; a lookup that still gets no answer fails (the MX host is skipped, reason <c>dane</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many MX hosts' TLSA answers are kept in memory, each for its DNS TTL (failures are never kept).</summary>
    [Range(1, 1_000_000)]
    public int CacheSize { get; set; } = 10_000;

    /// <summary>The longest an answer is kept, whatever its TTL says.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxCacheTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>True when at least one validating resolver is configured.</summary>
    public bool Enabled => ValidatingResolvers.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var resolver in ValidatingResolvers)
        {
            if (!System.Net.IPEndPoint.TryParse(resolver, out var endPoint) || endPoint.Port == 0)
            {
                yield return new ValidationResult($"SendGateway:Delivery:Tls:Dane:ValidatingResolvers entry '{resolver}' must be ip:port.", [nameof(ValidatingResolvers)]);
            }
        }
    }
}
