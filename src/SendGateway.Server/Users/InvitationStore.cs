using Dapper;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Users;

/// <summary>
/// SQL for <c>user_invitations</c>: one-time links kept as the SHA-256 of their token, scoped by tenant, and their
/// redemption, which makes (or gives back) the <c>panel_users</c> row in the same transaction. The factor being enrolled
/// is sealed as <see cref="UserStore"/> seals it, so redemption moves it into the account without opening it.
/// </summary>
internal sealed class InvitationStore(NpgsqlDataSource dataSource, TenantDataSource tenantData, SecretBox secrets)
{
    private const string Columns = "id, tenant_id, user_id, email, role, purpose, created_at, expires_at, used_at, revoked_at";
    private const string UserColumns = "id, tenant_id, email, role, totp_enabled, session_stamp, created_at, last_sign_in_at";

    /// <summary>
    /// A new link replacing the person's open ones (they stop working); closed links of the tenant older than
    /// <paramref name="keepClosedUntil"/> are removed. Null when the tenant has <paramref name="maxOpen"/> open links already.
    /// </summary>
    public async Task<Invitation?> CreateAsync(
        Invitation invitation, string tokenHash, int maxOpen, DateTimeOffset now, DateTimeOffset keepClosedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tenantId = invitation.TenantId;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE user_invitations SET revoked_at = @now
            WHERE tenant_id = @tenantId AND lower(email) = lower(@email) AND used_at IS NULL AND revoked_at IS NULL
            """, new { tenantId, invitation.Email, now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_invitations WHERE tenant_id = @tenantId AND expires_at < @keepClosedUntil",
            new { tenantId, keepClosedUntil }, transaction, cancellationToken: cancellationToken));
        var open = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM user_invitations WHERE tenant_id = @tenantId AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @now",
            new { tenantId, now }, transaction, cancellationToken: cancellationToken));
        if (open >= maxOpen)
        {
            return null;
        }

        var created = await connection.QuerySingleAsync<Invitation>(new CommandDefinition(
            $"""
            INSERT INTO user_invitations (id, tenant_id, user_id, email, role, purpose, token_hash, created_at, expires_at)
            VALUES (@Id, @TenantId, @UserId, @Email, @Role, @Purpose, @tokenHash, @now, @ExpiresAt)
            RETURNING {Columns}
            """, new { invitation.Id, invitation.TenantId, invitation.UserId, invitation.Email, invitation.Role, invitation.Purpose, tokenHash, now, invitation.ExpiresAt },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>The link a token belongs to, used, replaced or expired as it may be (the token's hash is its key: no tenant is known yet).</summary>
    public async Task<Invitation?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Invitation>(new CommandDefinition(
            $"SELECT {Columns} FROM user_invitations WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: cancellationToken));
    }

    /// <summary>The tenant's open links (not used, replaced or expired), newest first.</summary>
    public async Task<IReadOnlyList<Invitation>> ListOpenAsync(string tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<Invitation>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM user_invitations
            WHERE tenant_id = @tenantId AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @now
            ORDER BY created_at DESC LIMIT @limit
            """, new { tenantId, now, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Keeps the factor the person is enrolling on an open link (a new one at each visit of the page).</summary>
    public async Task SetPendingTotpAsync(Invitation invitation, byte[] secret, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE user_invitations SET totp_secret = @sealedSecret WHERE tenant_id = @TenantId AND id = @Id AND used_at IS NULL AND revoked_at IS NULL",
            new { invitation.TenantId, invitation.Id, sealedSecret = secrets.Seal(secret, UserStore.TotpSecretPurpose) }, cancellationToken: cancellationToken));
    }

    public async Task<byte[]?> GetPendingTotpAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sealedSecret = await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT totp_secret FROM user_invitations WHERE tenant_id = @TenantId AND id = @Id", new { invitation.TenantId, invitation.Id }, cancellationToken: cancellationToken));
        return sealedSecret is null ? null : secrets.Open(sealedSecret, UserStore.TotpSecretPurpose);
    }

    /// <summary>
    /// Uses the link once (still open at <paramref name="now"/>) and, in the same transaction, makes its account (an
    /// invitation) or gives the account its new password and factor (a reset), with the factor on and the code's time
    /// step taken. <see cref="RedeemStatus.Closed"/>: the link was no longer open; <see cref="RedeemStatus.Unavailable"/>:
    /// the address has an account already (an invitation) or the account is gone (a reset); nothing changed in either case.
    /// </summary>
    public async Task<(RedeemStatus Status, PanelUser? User)> RedeemAsync(
        Invitation invitation, DateTimeOffset now, string passwordHash, long step, IReadOnlyList<string> recoveryHashes, string stamp, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sealedSecret = await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            """
            UPDATE user_invitations SET used_at = @now
            WHERE tenant_id = @TenantId AND id = @Id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @now AND totp_secret IS NOT NULL
            RETURNING totp_secret
            """, new { invitation.TenantId, invitation.Id, now }, transaction, cancellationToken: cancellationToken));
        if (sealedSecret is null)
        {
            return (RedeemStatus.Closed, null);
        }

        var values = new
        {
            invitation.UserId, invitation.TenantId, invitation.Email, invitation.Role, passwordHash, sealedSecret, step, recoveryHashes = recoveryHashes.ToArray(), stamp, now,
        };
        var user = invitation.Purpose == InvitationPurposes.Invite
            ? await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
                $"""
                INSERT INTO panel_users (id, tenant_id, email, role, password_hash, totp_secret, totp_enabled, totp_last_step, recovery_codes, session_stamp, last_sign_in_at)
                VALUES (@UserId, @TenantId, @Email, @Role, @passwordHash, @sealedSecret, true, @step, @recoveryHashes, @stamp, @now)
                ON CONFLICT DO NOTHING
                RETURNING {UserColumns}
                """, values, transaction, cancellationToken: cancellationToken))
            : await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
                $"""
                UPDATE panel_users SET password_hash = @passwordHash, totp_secret = @sealedSecret, totp_enabled = true, totp_last_step = @step,
                    recovery_codes = @recoveryHashes, session_stamp = @stamp, last_sign_in_at = @now
                WHERE tenant_id = @TenantId AND id = @UserId
                RETURNING {UserColumns}
                """, values, transaction, cancellationToken: cancellationToken));
        if (user is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (RedeemStatus.Unavailable, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (RedeemStatus.Redeemed, user);
    }
}
