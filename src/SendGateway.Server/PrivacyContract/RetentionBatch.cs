using Npgsql;

namespace SendGateway.Server.PrivacyContract;

/// <summary>
/// One round of a tenant's own retention: each step deletes at most <see cref="Limit"/> rows of each of its tables older
/// than <see cref="Cutoff"/> and counts them; the job repeats the round while some table had a full one. What expires by
/// a date of its own (a kept copy's <c>expires_at</c>) is compared with <see cref="Now"/>, the job's clock, not the database's.
/// </summary>
internal sealed class RetentionBatch(string tenantId, DateTime now, DateTime cutoff, int limit, NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public string TenantId { get; } = tenantId;

    /// <summary>The job's time for this run (UTC).</summary>
    public DateTime Now { get; } = now;

    public DateTime Cutoff { get; } = cutoff;

    public int Limit { get; } = limit;

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public long Events { get; set; }

    public long Messages { get; set; }

    public long WebhookBatches { get; set; }

    public long WebhookDeliveries { get; set; }

    /// <summary>True when some table gave a full <see cref="Limit"/>: there may be more.</summary>
    public bool Full => Math.Max(Math.Max(Events, Messages), Math.Max(WebhookBatches, WebhookDeliveries)) >= Limit;
}
