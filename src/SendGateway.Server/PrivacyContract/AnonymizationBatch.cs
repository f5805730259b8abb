using Npgsql;

namespace SendGateway.Server.PrivacyContract;

/// <summary>
/// Messages whose addresses are masked now: per message its id, the masked address and the address's keyed hash;
/// with <see cref="DropMetadata"/> their metadata goes too. <see cref="MessagesAnonymized"/> counts the messages changed.
/// </summary>
internal sealed class AnonymizationBatch(
    string tenantId, IReadOnlyList<(string Id, string Masked, string Hash)> rows, bool dropMetadata, NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public string TenantId { get; } = tenantId;

    public string[] Ids { get; } = [.. rows.Select(r => r.Id)];

    public string[] Masks { get; } = [.. rows.Select(r => r.Masked)];

    public string[] Hashes { get; } = [.. rows.Select(r => r.Hash)];

    public bool DropMetadata { get; } = dropMetadata;

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public long MessagesAnonymized { get; set; }
}
