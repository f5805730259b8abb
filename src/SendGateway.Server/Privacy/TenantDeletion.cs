namespace SendGateway.Server.Privacy;

/// <summary>
/// What <c>DELETE /v1/admin/tenants/{id}</c> answers: the deletion certificate (reliability.md T108). Rows per
/// PostgreSQL table, and in Redis the queued or scheduled entries, pending events, stored responses and the tenant's
/// own keys removed. Backups made before it age out on <c>Backup:RetentionDays</c>.
/// </summary>
internal sealed record TenantDeletion(
    string TenantId, DateTimeOffset DeletedAt, IReadOnlyDictionary<string, long> PostgresRows, long QueuedEntries, long PendingEvents, long StoredResponses, long RedisKeys);
