using Dapper;
using Npgsql;

namespace SendGateway.Server.QueueControls;

/// <summary>SQL for <c>queue_controls</c> (operator data, not tenant-scoped).</summary>
internal sealed class QueueControlStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id::text AS id, action, scope, value, to_pool, note, created_at, created_by, lifted_at, lifted_by";

    /// <summary>
    /// Stores a new control unless <paramref name="maxActive"/> are in effect already (null then). The count and the insert
    /// run under one advisory lock, so two nodes cannot both take the last place.
    /// </summary>
    public async Task<QueueControl?> CreateAsync(QueueControlRequest request, string createdBy, int maxActive, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('queue_controls'))", transaction: transaction, cancellationToken: cancellationToken));
        var active = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM queue_controls WHERE lifted_at IS NULL", transaction: transaction, cancellationToken: cancellationToken));
        if (active >= maxActive)
        {
            return null;
        }

        var control = await connection.QuerySingleAsync<QueueControl>(new CommandDefinition(
            $"""
            INSERT INTO queue_controls (action, scope, value, to_pool, note, created_by)
            VALUES (@Action, @Scope, @Value, @ToPool, @Note, @createdBy) RETURNING {Columns}
            """,
            new { request.Action, request.Scope, request.Value, request.ToPool, request.Note, createdBy }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return control;
    }

    /// <summary>Every control in effect, oldest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<QueueControl>> ActiveAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<QueueControl>(new CommandDefinition(
            $"SELECT {Columns} FROM queue_controls WHERE lifted_at IS NULL ORDER BY created_at, id LIMIT @limit", new { limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>Controls newest first, lifted ones too unless <paramref name="activeOnly"/>; a page after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<QueueControl>> ListAsync(bool activeOnly, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<QueueControl>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM queue_controls
            WHERE (NOT @activeOnly OR lifted_at IS NULL)
              AND (@afterId::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM queue_controls WHERE id = @afterId::uuid))
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """,
            new { activeOnly, afterId, limit }, cancellationToken: cancellationToken))];
    }

    public async Task<QueueControl?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<QueueControl>(new CommandDefinition(
            $"SELECT {Columns} FROM queue_controls WHERE id = @id::uuid", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Lifts a control in effect; null when there is none with this id (a lifted one is returned as it was).</summary>
    public async Task<QueueControl?> LiftAsync(string id, string liftedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<QueueControl>(new CommandDefinition(
            $"""
            UPDATE queue_controls SET lifted_at = COALESCE(lifted_at, now()), lifted_by = COALESCE(lifted_by, @liftedBy)
            WHERE id = @id::uuid RETURNING {Columns}
            """,
            new { id, liftedBy }, cancellationToken: cancellationToken));
    }
}
