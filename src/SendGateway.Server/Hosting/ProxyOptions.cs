using System.ComponentModel.DataAnnotations;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Hosting;

/// <summary>
/// <c>SendGateway:Proxies</c>: the reverse proxies in front of this service, one setting for all of it. Only a request
/// arriving from one of <see cref="Trusted"/> has its <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> believed; the
/// client address they give is what the panel's sign-in throttle, the API rate limits, API keys' <c>allowed_ips</c>,
/// tracking and the audit log see. Anyone else's headers are ignored. The relay's PROXY protocol (<c>Relay:ProxyProtocol</c>)
/// takes its headers from the same list only.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const int MaxEntries = 100;

    /// <summary>Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>, <c>fd00::/8</c>) of trusted proxies; empty = none.</summary>
    public List<string> Trusted { get; set; } = [];

    /// <summary>Proxies in a row (nearest first) whose forwarded entries are read at most.</summary>
    [Range(1, 32)]
    public int MaxHops { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Trusted.Count > MaxEntries)
        {
            yield return new ValidationResult($"at most {MaxEntries} entries", [nameof(Trusted)]);
        }

        foreach (var entry in Trusted.Where(e => !SourceAddresses.TryParse(e ?? string.Empty, out _)))
        {
            yield return new ValidationResult($"'{entry}' is not an IP address or a CIDR network (10.0.0.0/8)", [nameof(Trusted)]);
        }
    }
}
