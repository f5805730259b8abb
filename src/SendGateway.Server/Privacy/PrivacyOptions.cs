using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Privacy;

/// <summary><c>SendGateway:Privacy</c>: retention defaults and the anonymisation / retention job (events role).</summary>
public sealed class PrivacyOptions
{
    /// <summary>Days events and messages are kept for a tenant that did not choose (<c>retention_days</c>).</summary>
    [Range(1, 3650)]
    public int DefaultRetentionDays { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows changed per statement, so a large backlog never holds long locks.</summary>
    [Range(10, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Statements per tenant and task in one run; what is left waits for the next run.</summary>
    [Range(1, 100_000)]
    public int MaxBatchesPerTenant { get; set; } = 100;
}
