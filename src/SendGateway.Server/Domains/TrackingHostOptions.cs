using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Domains;

/// <summary>
/// The tracking host a sender domain may publish (<c>SendGateway:Tracking</c>, read here on its own so domains do not
/// depend on tracking): <c>{Subdomain}.{domain}</c> as a CNAME to <see cref="CnameTarget"/>. Links of a tenant whose
/// tracking host is verified point there, with the scheme and port of <see cref="BaseUrl"/>.
/// </summary>
public sealed class TrackingHostOptions : IValidatableObject
{
    /// <summary>The label before the sender domain: <c>track</c> → <c>track.example.com</c>.</summary>
    [Required, RegularExpression("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    public string Subdomain { get; set; } = "track";

    /// <summary>What the tenant's tracking host is a CNAME of: the public host of the api role; empty = the host of <see cref="BaseUrl"/>.</summary>
    public string CnameTarget { get; set; } = string.Empty;

    /// <summary>The same <c>Tracking:BaseUrl</c> the tracker uses (validated there).</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>How often each process reloads the verified tracking hosts (a verify or delete on this process reloads at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HostRefresh { get; set; } = TimeSpan.FromMinutes(1);

    public string Target => CnameTarget.Length > 0 ? CnameTarget : new Uri(BaseUrl).Host;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CnameTarget.Length > 0 && !Common.DomainNames.IsValid(CnameTarget))
        {
            yield return new ValidationResult("SendGateway:Tracking:CnameTarget must be a lower-case host name such as track.sendgateway.example.", [nameof(CnameTarget)]);
        }
    }
}
