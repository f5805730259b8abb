using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// <c>SendGateway:Delivery:Tls:MtaSts</c>: whether recipient domains' MTA-STS policies (RFC 8461) are looked up, and
/// the bounds of their fetch and cache.
/// </summary>
public sealed class MtaStsOptions : IValidatableObject
{
    /// <summary>RFC 8461 §3.2: a policy's <c>max_age</c> is at most 31557600 seconds (about a year).</summary>
    public const long RfcMaxAgeSeconds = 31_557_600;

    /// <summary>Look up recipient domains' MTA-STS policies and follow them when delivering.</summary>
    public bool Enabled { get; set; }

    /// <summary>The whole fetch of a policy (connect, TLS, headers and body) must end within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A policy body larger than this is refused (read no further).</summary>
    [Range(256, 1_048_576)]
    public long MaxPolicyBytes { get; set; } = 64 * 1024;

    /// <summary>A policy's <c>max_age</c> above this is cut to it; at most the RFC's 31557600 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.06:00:00")]
    public TimeSpan MaxAgeCap { get; set; } = TimeSpan.FromSeconds(RfcMaxAgeSeconds);

    /// <summary>
    /// How often a cached domain's <c>_mta-sts</c> TXT record is read again to see whether its <c>id</c> changed (a new
    /// policy to fetch). Between two reads the cached policy answers without any network.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan TxtRecheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A policy with more lines than this is invalid.</summary>
    [Range(4, 100_000)]
    public int MaxPolicyLines { get; set; } = 1000;

    /// <summary>A policy with a line longer than this (in characters) is invalid.</summary>
    [Range(64, 65_536)]
    public int MaxPolicyLineLength { get; set; } = 1024;

    /// <summary>A policy with more <c>mx</c> patterns than this is invalid.</summary>
    [Range(1, 10_000)]
    public int MaxMxPatterns { get; set; } = 100;

    /// <summary>Domains whose policy (or absence of one) each process keeps in memory in front of the shared table.</summary>
    [Range(16, 10_000_000)]
    public int MemoryCacheSize { get; set; } = 100_000;

    /// <summary>
    /// A policy is fetched again once this fraction of its <c>max_age</c> has passed, so a domain in use never runs on
    /// an expired policy (a failed refresh keeps the policy until it expires).
    /// </summary>
    [Range(0.1, 1.0)]
    public double RefreshAt { get; set; } = 0.8;

    /// <summary>Policy hosts on loopback, private and link-local addresses are allowed: local development and tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// PEM or DER file of a CA that policy hosts' certificates may chain to besides the machine's roots (tests). The
    /// certificate must still name <c>mta-sts.&lt;domain&gt;</c> and be valid now.
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>The port of the policy host's HTTPS server: 443, as RFC 8461 says; another port only for tests.</summary>
    [Range(1, 65535)]
    public int HttpsPort { get; set; } = 443;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxAgeCap > TimeSpan.FromSeconds(RfcMaxAgeSeconds))
        {
            yield return new ValidationResult($"MaxAgeCap must be at most {RfcMaxAgeSeconds} seconds (RFC 8461).", [nameof(MaxAgeCap)]);
        }

        foreach (var result in Common.TrustedCaFile.Check(TrustedCaFile, "the policy hosts' certificates", nameof(TrustedCaFile)))
        {
            yield return result;
        }
    }
}
