using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Bounces;

/// <summary><c>SendGateway:Bounces</c>: the VERP return-path domain and the inbound DSN / ARF listener (api.md §10).</summary>
public sealed class BounceOptions : IValidatableObject, Domains.IReturnPathDomain
{
    [Required]
    [RegularExpression(@"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")]
    public string Domain { get; set; } = "bounces.localhost";

    /// <summary>Port of the inbound listener (events role); 0 turns it off.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 2526;

    /// <summary>Address the listener binds; the container image uses 0.0.0.0.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Name in the listener's greeting.</summary>
    public string HostName { get; set; } = Environment.MachineName;

    /// <summary>A DSN or report larger than this is refused (552); they carry at most the original headers.</summary>
    [Range(1024, 100L << 20)]
    public long MaxMessageBytes { get; set; } = 10L << 20;

    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 200;

    /// <summary>A report for a message not (yet) in PostgreSQL is deferred with 451 while the message is younger than this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UnknownMessageGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Recipients per inbound transaction (a report names one return path).</summary>
    [Range(1, 1000)]
    public int MaxRecipients { get; set; } = 10;

    /// <summary>
    /// How long a report may wait for its message and its delivery outcome to be stored first (the ingester lags a moment
    /// behind delivery), so the report's event comes after it in sequence; past it, the report is recorded anyway, or,
    /// when the message is not stored yet at all, the sender is told to try again later (451).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan OutcomeWait { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult("ListenAddress must be an IP address.", [nameof(ListenAddress)]);
        }
    }
}
