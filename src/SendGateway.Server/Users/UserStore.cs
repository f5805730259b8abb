using Dapper;
using Npgsql;
using SendGateway.Server.Storage;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Users;

/// <summary>
/// SQL for <c>panel_users</c> (and <see cref="InvitationStore"/>'s redemption, which makes or gives back a row in its
/// own transaction). Queries that act for a tenant are scoped by its id; sign-in looks an address up across tenants
/// (one address is one account). The TOTP secret is sealed with <see cref="SecretBox"/>. A reset account has no
/// password (NULL) until its holder sets one through the link.
/// </summary>
internal sealed class UserStore(NpgsqlDataSource dataSource, TenantDataSource tenantData, SecretBox secrets, TimeProvider time)
{
    /// <summary>The <see cref="SecretBox"/> purpose of TOTP secrets, here and on links being redeemed.</summary>
    internal const string TotpSecretPurpose = "panel-totp-secret";
    private const string Purpose = TotpSecretPurpose;
    private const string Columns = "id, tenant_id, email, role, totp_enabled, session_stamp, created_at, last_sign_in_at";

    /// <summary>Null when the address already has an account.</summary>
    public async Task<PanelUser?> CreateAsync(string? tenantId, string email, string role, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
            $"""
            INSERT INTO panel_users (id, tenant_id, email, role, password_hash, session_stamp)
            VALUES (@id, @tenantId, @email, @role, @passwordHash, @stamp)
            ON CONFLICT (lower(email)) DO NOTHING
            RETURNING {Columns}
            """, new { id = Ids.New("usr", time), tenantId, email, role, passwordHash, stamp = Stamp() }, cancellationToken: cancellationToken));
    }

    /// <summary>For sign-in: the account of an address, with its password hash (none while a reset waits for its holder).</summary>
    public async Task<(PanelUser User, string PasswordHash)?> FindForSignInAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PanelUser, string, (PanelUser User, string PasswordHash)>(new CommandDefinition(
            $"SELECT {Columns}, password_hash FROM panel_users WHERE lower(email) = lower(@email) AND password_hash IS NOT NULL", new { email }, cancellationToken: cancellationToken),
            (user, hash) => (user, hash), splitOn: "password_hash");
        return rows.Select(r => ((PanelUser User, string PasswordHash)?)r).SingleOrDefault();
    }

    public async Task<PanelUser?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
            $"SELECT {Columns} FROM panel_users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<PanelUser?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
            $"SELECT {Columns} FROM panel_users WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken));
    }

    /// <summary>The tenant's account of an address (another tenant's is not looked at).</summary>
    public async Task<PanelUser?> FindInTenantAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
            $"SELECT {Columns} FROM panel_users WHERE tenant_id = @tenantId AND lower(email) = lower(@email)", new { tenantId, email }, cancellationToken: cancellationToken));
    }

    /// <summary>For a change of one's own password: the current hash (null while reset).</summary>
    public async Task<string?> GetPasswordHashAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT password_hash FROM panel_users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A reset: the password and the second factor are cleared (nothing signs in as the account) and every session
    /// ends, until the holder sets both through their link. Null when the tenant has no such user.
    /// </summary>
    public async Task<PanelUser?> ClearCredentialsAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
            $$"""
            UPDATE panel_users SET password_hash = NULL, totp_enabled = false, totp_secret = NULL, totp_last_step = 0, recovery_codes = '{}', session_stamp = @stamp
            WHERE tenant_id = @tenantId AND id = @id
            RETURNING {{Columns}}
            """, new { tenantId, id, stamp = Stamp() }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<PanelUser>> ListAsync(string tenantId, string? afterEmail, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<PanelUser>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM panel_users WHERE tenant_id = @tenantId AND (@afterEmail::text IS NULL OR email > @afterEmail)
            ORDER BY email LIMIT @limit
            """, new { tenantId, afterEmail, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The addresses of the tenant's people among <paramref name="ids"/>, by id (the audit log's actors; a removed person has none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> EmailsAsync(string tenantId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<PanelUser>(new CommandDefinition(
            $"SELECT {Columns} FROM panel_users WHERE tenant_id = @tenantId AND id = ANY(@ids)", new { tenantId, ids = ids.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(u => u.Id, u => u.Email, StringComparer.Ordinal);
    }

    /// <summary>
    /// Changes a user's role, removes them or resets their second factor (<paramref name="kind"/>), if
    /// <paramref name="rules"/> (given the user and the tenant's number of owners) refuse nothing. One transaction under a
    /// lock per tenant, so concurrent changes are checked one after the other (two demotions of the last two owners
    /// cannot both pass). Null user: no such user in the tenant. A role change or a reset ends the user's sessions.
    /// </summary>
    public async Task<(PanelUser? User, RoleRefusal? Refusal)> ChangeAsync(
        string tenantId, string id, UserChangeKind kind, string? role, Func<PanelUser, int, RoleRefusal?> rules, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('panel-users:' || @tenantId))", new { tenantId }, transaction, cancellationToken: cancellationToken));
        var target = await connection.QuerySingleOrDefaultAsync<PanelUser>(new CommandDefinition(
            $"SELECT {Columns} FROM panel_users WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, transaction, cancellationToken: cancellationToken));
        if (target is null)
        {
            return (null, null);
        }

        var owners = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM panel_users WHERE tenant_id = @tenantId AND role = @owner", new { tenantId, owner = PanelRoles.Owner }, transaction, cancellationToken: cancellationToken));
        if (rules(target, owners) is { } refusal)
        {
            return (target, refusal);
        }

        var sql = kind switch
        {
            UserChangeKind.Role => $"UPDATE panel_users SET role = @role, session_stamp = @stamp WHERE tenant_id = @tenantId AND id = @id RETURNING {Columns}",
            UserChangeKind.Delete => $"DELETE FROM panel_users WHERE tenant_id = @tenantId AND id = @id RETURNING {Columns}",
            _ => $$"""
                UPDATE panel_users SET totp_enabled = false, totp_secret = NULL, totp_last_step = 0, recovery_codes = '{}', session_stamp = @stamp
                WHERE tenant_id = @tenantId AND id = @id RETURNING {{Columns}}
                """,
        };
        var changed = await connection.QuerySingleAsync<PanelUser>(new CommandDefinition(
            sql, new { tenantId, id, role, stamp = Stamp() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (changed, null);
    }

    /// <summary>Keeps a new, not yet confirmed TOTP secret (enrolment); the factor stays off until a code confirms it.</summary>
    public async Task SetPendingTotpAsync(string id, byte[] secret, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET totp_secret = @sealedSecret WHERE id = @id AND NOT totp_enabled",
            new { id, sealedSecret = secrets.Seal(secret, Purpose) }, cancellationToken: cancellationToken));
    }

    public async Task<(byte[]? Secret, long LastStep)> GetTotpAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[]? Secret, long LastStep)>(new CommandDefinition(
            "SELECT totp_secret, totp_last_step FROM panel_users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return (row.Secret is null ? null : secrets.Open(row.Secret, Purpose), row.LastStep);
    }

    /// <summary>Takes a code's time step once: false when it (or a later one) was used already, so a code cannot be replayed.</summary>
    public async Task<bool> UseStepAsync(string id, long step, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET totp_last_step = @step WHERE id = @id AND totp_last_step < @step", new { id, step }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Turns the confirmed factor on with fresh recovery codes (their hashes) and ends other sessions.</summary>
    public async Task EnableTotpAsync(string id, IReadOnlyList<string> recoveryHashes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET totp_enabled = true, recovery_codes = @recoveryHashes, session_stamp = @stamp WHERE id = @id",
            new { id, recoveryHashes = recoveryHashes.ToArray(), stamp = Stamp() }, cancellationToken: cancellationToken));
    }

    /// <summary>Uses one recovery code (its hash) once.</summary>
    public async Task<bool> UseRecoveryCodeAsync(string id, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET recovery_codes = array_remove(recovery_codes, @hash) WHERE id = @id AND @hash = ANY(recovery_codes)",
            new { id, hash }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>A new password (the demo owner's at each <c>make run</c>); sessions end.</summary>
    public async Task SetPasswordAsync(string id, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET password_hash = @passwordHash, session_stamp = @stamp WHERE id = @id",
            new { id, passwordHash, stamp = Stamp() }, cancellationToken: cancellationToken));
    }

    /// <summary>"Sign out everywhere": a new stamp invalidates every session cookie issued with the old one.</summary>
    public async Task NewSessionStampAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET session_stamp = @stamp WHERE id = @id", new { id, stamp = Stamp() }, cancellationToken: cancellationToken));
    }

    public async Task SignedInAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE panel_users SET last_sign_in_at = now() WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>A new session stamp: cookies issued with the old one stop working.</summary>
    internal static string Stamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
