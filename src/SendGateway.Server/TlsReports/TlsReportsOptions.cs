using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// <c>SendGateway:TlsReports</c>: the daily TLS reports (RFC 8460) to the recipient domains that ask for them with an
/// <c>_smtp._tls</c> record. Delivery counts each session's TLS outcome per recipient domain; the events role sends one
/// report per domain per UTC day, by mail from <see cref="Sender"/> (as the operator tenant <see cref="TenantId"/>,
/// through the accept path, so delivery signs it with that domain's DKIM key) or by an https POST. Off by default.
/// </summary>
public sealed class TlsReportsOptions : IValidatableObject
{
    /// <summary>Count TLS sessions and send the daily reports.</summary>
    public bool Enabled { get; set; }

    /// <summary>The report's <c>organization-name</c>: who runs this service.</summary>
    [MaxLength(200)]
    [RegularExpression(@"^[^\r\n]*$")]
    public string? OrganizationName { get; set; }

    /// <summary>The report's <c>contact-info</c>: an address or a URL the recipient domain can write to about a report.</summary>
    [MaxLength(254)]
    [RegularExpression(@"^[^\r\n]*$")]
    public string? ContactInfo { get; set; }

    /// <summary>The From of report mail, e.g. <c>tls-reports@mail.example.com</c>, on a domain <see cref="TenantId"/> has proven; its domain is the report's submitter.</summary>
    [MaxLength(254)]
    public string? Sender { get; set; }

    /// <summary>The id of the operator tenant that has proven <see cref="Sender"/>'s domain; report mail is sent, counted and logged as its mail.</summary>
    [MaxLength(64)]
    [RegularExpression(@"^[A-Za-z0-9_-]*$")]
    public string? TenantId { get; set; }

    /// <summary>Time of day (UTC) from which the previous day's reports are sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan SendAt { get; set; } = TimeSpan.Zero;

    /// <summary>How often the events role looks whether a day's reports are due (and retries failed ones).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A report that could not be sent is tried again after this long, within the day.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "12:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tries per domain and day; then the report is given up.</summary>
    [Range(1, 24)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Recipient domains counted per UTC day (over all nodes); sessions to further domains are not counted.</summary>
    [Range(1, 1_000_000)]
    public int MaxDomainsPerDay { get; set; } = 10_000;

    /// <summary>Distinct policies (type, policy strings, MX hosts) counted per recipient domain and day; sessions judged by further ones are not counted.</summary>
    [Range(1, 1000)]
    public int MaxPoliciesPerDomain { get; set; } = 20;

    /// <summary>Distinct failure details (result type, addresses, MX, HELO, information) kept per policy and day; further failures only count in the total.</summary>
    [Range(1, 10_000)]
    public int MaxFailureDetailsPerPolicy { get; set; } = 100;

    /// <summary>Destinations (<c>rua</c> URIs) used of one <c>_smtp._tls</c> record.</summary>
    [Range(1, 20)]
    public int MaxDestinations { get; set; } = 5;

    /// <summary>A gzip-compressed report larger than this is not sent (large reports may be refused by receivers).</summary>
    [Range(1024, 50_000_000)]
    public long MaxReportBytes { get; set; } = 1_000_000;

    /// <summary>An https destination must answer 2xx within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan HttpsTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Allow https destinations on loopback, private and link-local addresses: local development and tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>PEM or DER file of a private CA that https destinations' certificates may chain to, besides the machine's roots.</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>How long a day's counts stay in Redis (the report is built from them after the day ends).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "14.00:00:00")]
    public TimeSpan CountsTtl { get; set; } = TimeSpan.FromDays(3);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(OrganizationName) || string.IsNullOrWhiteSpace(ContactInfo))
        {
            yield return new ValidationResult("With Enabled, set OrganizationName and ContactInfo: every report names them.", [nameof(OrganizationName), nameof(ContactInfo)]);
        }

        if (Addresses.Normalize(Sender) is null || string.IsNullOrEmpty(TenantId))
        {
            yield return new ValidationResult("With Enabled, set Sender (a plain address such as tls-reports@mail.example.com) and TenantId (the operator tenant that has proven its domain).", [nameof(Sender), nameof(TenantId)]);
        }

        foreach (var result in Common.TrustedCaFile.Check(TrustedCaFile, "the report endpoints' certificates", nameof(TrustedCaFile)))
        {
            yield return result;
        }

        if (RetryDelay * (MaxAttempts - 1) >= TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("RetryDelay × (MaxAttempts − 1) must be under a day: a day's report is tried within the next day.", [nameof(RetryDelay), nameof(MaxAttempts)]);
        }
    }
}
