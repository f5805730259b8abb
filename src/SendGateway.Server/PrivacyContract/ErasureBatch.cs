using Npgsql;

namespace SendGateway.Server.PrivacyContract;

/// <summary>
/// An erasure under way: the tenant, the people (lower-cased address and its keyed hash), the connection and transaction
/// every <see cref="IErasureStep"/> writes in, and what the steps removed. The Events step leaves the ids of the events
/// it deleted in the temporary table <c>erased_events (id)</c>, dropped at commit, for the steps after it to read.
/// </summary>
internal sealed class ErasureBatch(string tenantId, IReadOnlyList<(string Email, string Hash)> people, NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public string TenantId { get; } = tenantId;

    public string[] Emails { get; } = [.. people.Select(p => p.Email)];

    public string[] Hashes { get; } = [.. people.Select(p => p.Hash)];

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public long Messages { get; set; }

    public long Events { get; set; }

    public long WebhookBatches { get; set; }

    public long RecipientBounces { get; set; }

    /// <summary>Addresses now suppressed by keyed hash only.</summary>
    public long SuppressionsHashed { get; set; }
}
