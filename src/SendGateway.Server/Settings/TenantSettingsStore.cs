using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Settings;

/// <summary>
/// <c>tenant_settings</c>, read through a short cache because the accept path consults it on every send; a save
/// clears this node's entry at once, other nodes see it within <see cref="CacheTime"/>. While PostgreSQL cannot answer,
/// the last value this node read is used, so accepting mail does not depend on PostgreSQL being up.
/// </summary>
internal sealed class TenantSettingsStore(NpgsqlDataSource dataSource, TenantDataSource tenantData, IMemoryCache cache, SecretBox secrets)
{
    /// <summary>The purpose <c>webhook_recipient_key</c> is sealed under (a secret: it undoes the tenant's hashes of a list of addresses).</summary>
    private const string RecipientKeyPurpose = "webhook-recipient-key";

    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TenantSettings> _lastKnown = new();

    public async ValueTask<TenantSettings> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(Key(tenantId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            try
            {
                return _lastKnown[tenantId] = await LoadAsync(tenantId, cancellationToken);
            }
            catch (NpgsqlException) when (_lastKnown.TryGetValue(tenantId, out var stale))
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(1);
                return stale;
            }
        }) ?? TenantSettings.Defaults;

    public async Task<TenantSettings> SaveAsync(string tenantId, TenantSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO tenant_settings (tenant_id, hard_bounces_before_suppression, suppress_on_spambounce, suppression_validity_days, block_disposable_domains,
                                         retention_days, anonymize_after_minutes, anonymize_metadata, track_opens, track_clicks, unsubscribe, track_text_links,
                                         tracking_store_user_agent, keep_content_days,
                                         webhook_recipient, webhook_recipient_key, dedupe_window_minutes,
                                         require_tls, tls_optional_allowed, stream_defaults, keep_subjects)
            VALUES (@tenantId, @HardBouncesBeforeSuppression, @SuppressOnSpambounce, @SuppressionValidityDays, @BlockDisposableDomains,
                    @RetentionDays, @AnonymizeAfterMinutes, @AnonymizeMetadata, @TrackOpens, @TrackClicks, @Unsubscribe, @TrackTextLinks, @TrackingStoreUserAgent, @KeepContentDays,
                    @WebhookRecipient, @WebhookRecipientKey, @DedupeWindowMinutes, @RequireTls, @TlsOptionalAllowed, @StreamDefaults, @KeepSubjects)
            ON CONFLICT (tenant_id) DO UPDATE SET
                hard_bounces_before_suppression = excluded.hard_bounces_before_suppression,
                suppress_on_spambounce = excluded.suppress_on_spambounce,
                suppression_validity_days = excluded.suppression_validity_days,
                block_disposable_domains = excluded.block_disposable_domains,
                retention_days = excluded.retention_days,
                anonymize_after_minutes = excluded.anonymize_after_minutes,
                anonymize_metadata = excluded.anonymize_metadata,
                track_opens = excluded.track_opens,
                track_clicks = excluded.track_clicks,
                unsubscribe = excluded.unsubscribe,
                track_text_links = excluded.track_text_links,
                tracking_store_user_agent = excluded.tracking_store_user_agent,
                keep_content_days = excluded.keep_content_days,
                webhook_recipient = excluded.webhook_recipient,
                webhook_recipient_key = excluded.webhook_recipient_key,
                dedupe_window_minutes = excluded.dedupe_window_minutes,
                require_tls = excluded.require_tls,
                tls_optional_allowed = excluded.tls_optional_allowed,
                stream_defaults = excluded.stream_defaults,
                keep_subjects = excluded.keep_subjects,
                updated_at = now()
            """,
            new
            {
                tenantId, settings.HardBouncesBeforeSuppression, settings.SuppressOnSpambounce, settings.SuppressionValidityDays, settings.BlockDisposableDomains,
                settings.RetentionDays, settings.AnonymizeAfterMinutes, settings.AnonymizeMetadata, settings.TrackOpens, settings.TrackClicks, settings.Unsubscribe,
                settings.TrackTextLinks, settings.TrackingStoreUserAgent, settings.KeepContentDays,
                settings.WebhookRecipient,
                WebhookRecipientKey = settings.WebhookRecipientKey is { } key ? secrets.Seal(System.Text.Encoding.UTF8.GetBytes(key), RecipientKeyPurpose) : null,
                settings.DedupeWindowMinutes, settings.RequireTls, settings.TlsOptionalAllowed, settings.StreamDefaults, settings.KeepSubjects,
            },
            cancellationToken: cancellationToken));
        cache.Remove(Key(tenantId));
        _lastKnown[tenantId] = settings;
        return settings;
    }

    private async Task<TenantSettings> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(int HardBounces, bool Spam, int? Days, bool Disposable, int? Retention, int? Anonymize, bool Metadata,
            bool Opens, bool Clicks, string Unsubscribe, bool TextLinks, bool StoreUserAgent, int? ContentDays,
            string WebhookRecipient, byte[]? WebhookRecipientKey,
            int DedupeWindow, bool RequireTls, bool TlsOptionalAllowed, bool StreamDefaults, bool KeepSubjects)>(
            new CommandDefinition(
                """
                SELECT hard_bounces_before_suppression, suppress_on_spambounce, suppression_validity_days, block_disposable_domains,
                       retention_days, anonymize_after_minutes, anonymize_metadata, track_opens, track_clicks, unsubscribe, track_text_links, tracking_store_user_agent, keep_content_days,
                       webhook_recipient, webhook_recipient_key, dedupe_window_minutes, require_tls, tls_optional_allowed, stream_defaults, keep_subjects
                FROM tenant_settings WHERE tenant_id = @tenantId
                """, new { tenantId }, cancellationToken: cancellationToken));
        return row == default
            ? TenantSettings.Defaults
            : new TenantSettings(row.HardBounces, row.Spam, row.Days, row.Disposable, row.Retention, row.Anonymize, row.Metadata, row.Opens, row.Clicks, row.Unsubscribe, row.TextLinks, row.StoreUserAgent, row.ContentDays,
                row.WebhookRecipient, row.WebhookRecipientKey is { } key ? System.Text.Encoding.UTF8.GetString(secrets.Open(key, RecipientKeyPurpose)) : null,
                row.DedupeWindow, row.RequireTls, row.TlsOptionalAllowed, row.StreamDefaults, row.KeepSubjects);
    }

    private static string Key(string tenantId) => $"settings:{tenantId}";

    /// <summary>The privacy settings of every tenant that saved settings (the others have the defaults: none).</summary>
    public async Task<IReadOnlyDictionary<string, (int? RetentionDays, int? AnonymizeAfterMinutes, bool AnonymizeMetadata)>> RetentionRulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TenantId, int? RetentionDays, int? AnonymizeAfterMinutes, bool AnonymizeMetadata)>(new CommandDefinition(
            "SELECT tenant_id, retention_days, anonymize_after_minutes, COALESCE(anonymize_metadata, false) FROM tenant_settings", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.TenantId, r => (r.RetentionDays, r.AnonymizeAfterMinutes, r.AnonymizeMetadata));
    }
}
