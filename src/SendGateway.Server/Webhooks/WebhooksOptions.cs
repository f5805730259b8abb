using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Webhooks;

/// <summary><c>SendGateway:Webhooks</c>: the SSRF switch, the dispatcher's bounds and the retry schedule (api.md §6).</summary>
public sealed class WebhooksOptions : IValidatableObject
{
    /// <summary>Allow URLs on loopback, private and link-local addresses: local development and tests only.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// PEM or DER file of a private CA that endpoint certificates may chain to, besides the machine's trusted roots
    /// (receivers inside an organisation). The certificate must still name the host and be valid now.
    /// </summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>A 2xx must arrive within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A batch not delivered this long after it was formed is marked failed and its endpoint disabled (the tenant is told); the batch stays replayable, and events that occur meanwhile are held for the endpoint until it is enabled again or a range is replayed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxRetryAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Random spread of each retry delay, as a fraction (0.2 = ±20 %).</summary>
    [Range(0.0, 1.0)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// Requests in flight per process, over all endpoints; one endpoint has at most one at a time, on a connection of its
    /// own (endpoints on one host and port do not wait for each other's connections).
    /// </summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Failed attempts in a row (timeout, connection or TLS failure, 5xx) that open an endpoint's circuit.</summary>
    [Range(1, 1000)]
    public int BreakerFailures { get; set; } = 5;

    /// <summary>
    /// How long an open circuit sends nothing to its endpoint (its batches wait, their attempts untouched); then one probe
    /// goes, and an answer that is not a failure closes the circuit. Per process; an endpoint the dispatcher disables
    /// starts closed again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BreakerOpenTime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Endpoints with waiting events that one dispatcher round forms batches for.</summary>
    [Range(1, 100_000)]
    public int EndpointsPerRound { get; set; } = 100;

    /// <summary>Batches formed for one endpoint per round, so a flood for one endpoint never starves the others.</summary>
    [Range(1, 1000)]
    public int BatchesPerEndpointPerRound { get; set; } = 10;

    [Range(1, 1000)]
    public int DefaultBatchSize { get; set; } = 100;

    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1000;

    [Range(1, 1000)]
    public int MaxEndpointsPerTenant { get; set; } = 20;

    [Range(16, 8192)]
    public int MaxUrlLength { get; set; } = 2048;

    /// <summary>After a secret rotation, requests carry a signature with the previous secret too for this long (0: none).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan PreviousSecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Batches one replay request sends again at most.</summary>
    [Range(1, 100_000)]
    public int MaxReplayBatches { get; set; } = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Common.TrustedCaFile.Check(TrustedCaFile, "the endpoints' certificates", nameof(TrustedCaFile));
}
