using Dapper;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Templates;

/// <summary>
/// SQL for <c>templates</c> and <c>template_versions</c>, every statement scoped by tenant (another tenant's id is
/// simply not found). Versions are immutable; adding one past <see cref="TemplatesOptions.MaxVersionsPerTemplate"/>
/// deletes the oldest inactive one.
/// </summary>
internal sealed class TemplateStore(TenantDataSource tenantData)
{
    private const string SummaryColumns = "id, kind, name, active_version, latest_version, created_at, updated_at";
    private const string VersionColumns = "v.version, v.version = t.active_version, v.subject, v.html, v.text, v.layout_id, v.inline_css, v.auto_text, v.text_generated, v.created_at";

    /// <summary>Null when the id is taken or the tenant has <paramref name="maxPerTenant"/> templates (<paramref name="full"/> says which).</summary>
    public async Task<(TemplateView? Created, bool Full)> CreateAsync(
        string tenantId, string id, string kind, string name, TemplateVersionContent content, int maxPerTenant, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The tenant's row lock serialises creations, so the count holds under concurrency.
        await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM tenants WHERE id = @tenantId FOR UPDATE", new { tenantId }, transaction, cancellationToken: cancellationToken));
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM templates WHERE tenant_id = @tenantId", new { tenantId }, transaction, cancellationToken: cancellationToken));
        if (count >= maxPerTenant)
        {
            return (null, true);
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO templates (tenant_id, id, kind, name, active_version, latest_version) VALUES (@tenantId, @id, @kind, @name, 1, 1)
            ON CONFLICT DO NOTHING
            """, new { tenantId, id, kind, name }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return (null, false);
        }

        await InsertVersionAsync(connection, transaction, tenantId, id, 1, content, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(tenantId, id, cancellationToken), false);
    }

    /// <summary>The new version's number, or null when the template does not exist.</summary>
    public async Task<int?> AddVersionAsync(
        string tenantId, string id, string? name, TemplateVersionContent content, bool activate, int maxVersions, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var version = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            """
            UPDATE templates SET latest_version = latest_version + 1, name = COALESCE(@name, name), updated_at = now(),
                active_version = CASE WHEN @activate THEN latest_version + 1 ELSE active_version END
            WHERE tenant_id = @tenantId AND id = @id
            RETURNING latest_version
            """, new { tenantId, id, name, activate }, transaction, cancellationToken: cancellationToken));
        if (version is not { } number)
        {
            return null;
        }

        await InsertVersionAsync(connection, transaction, tenantId, id, number, content, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM template_versions v USING templates t
            WHERE t.tenant_id = @tenantId AND t.id = @id AND v.tenant_id = t.tenant_id AND v.template_id = t.id AND v.version <> t.active_version
              AND v.version IN (SELECT version FROM template_versions WHERE tenant_id = @tenantId AND template_id = @id ORDER BY version DESC OFFSET @maxVersions)
            """, new { tenantId, id, maxVersions }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return number;
    }

    public async Task<bool> ActivateAsync(string tenantId, string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE templates SET active_version = @version, updated_at = now()
            WHERE tenant_id = @tenantId AND id = @id
              AND EXISTS (SELECT 1 FROM template_versions WHERE tenant_id = @tenantId AND template_id = @id AND version = @version)
            """, new { tenantId, id, version }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(string tenantId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<(string, string, string, int, int, DateTime, DateTime)>(new CommandDefinition(
            $"SELECT {SummaryColumns} FROM templates WHERE tenant_id = @tenantId AND (@afterId::text IS NULL OR id > @afterId) ORDER BY id LIMIT @limit",
            new { tenantId, afterId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new TemplateSummary(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, Utc(r.Item6), Utc(r.Item7))).ToList();
    }

    public async Task<TemplateView?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var summary = await connection.QuerySingleOrDefaultAsync<(string, string, string, int, int, DateTime, DateTime)?>(new CommandDefinition(
            $"SELECT {SummaryColumns} FROM templates WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken));
        if (summary is not { } t)
        {
            return null;
        }

        var versions = await connection.QueryAsync<(int, DateTime)>(new CommandDefinition(
            "SELECT version, created_at FROM template_versions WHERE tenant_id = @tenantId AND template_id = @id ORDER BY version DESC",
            new { tenantId, id }, cancellationToken: cancellationToken));
        var active = await GetVersionAsync(tenantId, id, t.Item4, cancellationToken);
        return new TemplateView(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, Utc(t.Item6), Utc(t.Item7), active!,
            versions.Select(v => new TemplateVersionInfo(v.Item1, v.Item1 == t.Item4, Utc(v.Item2))).ToList());
    }

    public async Task<TemplateVersionView?> GetVersionAsync(string tenantId, string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(int, bool, string?, string?, string?, string?, bool, bool, bool, DateTime)?>(new CommandDefinition(
            $"""
            SELECT {VersionColumns} FROM template_versions v JOIN templates t ON t.tenant_id = v.tenant_id AND t.id = v.template_id
            WHERE v.tenant_id = @tenantId AND v.template_id = @id AND v.version = @version
            """, new { tenantId, id, version }, cancellationToken: cancellationToken));
        return row is { } r ? new TemplateVersionView(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7, r.Item8, r.Item9, Utc(r.Item10)) : null;
    }

    /// <summary>Deleted, not found, or refused because templates name it as their layout (<paramref name="inUse"/>).</summary>
    public async Task<(bool Deleted, bool InUse)> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var inUse = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM template_versions v JOIN templates t ON t.tenant_id = v.tenant_id AND t.id = v.template_id AND t.active_version = v.version
                           WHERE v.tenant_id = @tenantId AND v.layout_id = @id)
            """, new { tenantId, id }, cancellationToken: cancellationToken));
        if (inUse)
        {
            return (false, true);
        }

        return (await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM templates WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken)) > 0, false);
    }

    /// <summary>A template's version (the active one unless given) with its layout's active frames, for a message being accepted.</summary>
    public async Task<ResolvedTemplate?> ResolveAsync(string tenantId, string id, int? version, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(int, string?, string?, string?, string?, string?)?>(new CommandDefinition(
            """
            SELECT v.version, v.subject, v.text, v.html, lv.text, lv.html
            FROM templates t
            JOIN template_versions v ON v.tenant_id = t.tenant_id AND v.template_id = t.id AND v.version = COALESCE(@version, t.active_version)
            LEFT JOIN templates l ON l.tenant_id = t.tenant_id AND l.id = v.layout_id AND l.kind = 'layout'
            LEFT JOIN template_versions lv ON lv.tenant_id = l.tenant_id AND lv.template_id = l.id AND lv.version = l.active_version
            WHERE t.tenant_id = @tenantId AND t.id = @id AND t.kind = 'template'
            """, new { tenantId, id, version }, cancellationToken: cancellationToken));
        return row is { } r ? new ResolvedTemplate(id, r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6) : null;
    }

    /// <summary>Whether <paramref name="id"/> is one of the tenant's layouts.</summary>
    public async Task<bool> IsLayoutAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM templates WHERE tenant_id = @tenantId AND id = @id AND kind = 'layout')", new { tenantId, id }, cancellationToken: cancellationToken));
    }

    private static Task InsertVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string id, int version, TemplateVersionContent c, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO template_versions (tenant_id, template_id, version, subject, html, text, layout_id, inline_css, auto_text, text_generated)
            VALUES (@tenantId, @id, @version, @Subject, @Html, @Text, @LayoutId, @InlineCss, @AutoText, @TextGenerated)
            """, new { tenantId, id, version, c.Subject, c.Html, c.Text, c.LayoutId, c.InlineCss, c.AutoText, c.TextGenerated }, transaction, cancellationToken: cancellationToken));

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
