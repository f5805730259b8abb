using Npgsql;

namespace SendGateway.Server.PrivacyContract;

/// <summary>Whole chunks (the day partitions of events) that end before <see cref="Cutoff"/>, the longest retention of any tenant, go.</summary>
internal sealed class RetentionSweep(DateTime cutoff, NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public DateTime Cutoff { get; } = cutoff;

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public long PartitionsDropped { get; set; }
}
