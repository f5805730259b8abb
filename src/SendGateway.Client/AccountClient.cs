namespace SendGateway.Client;

/// <summary>The tenant's own account: settings, API keys, SMTP credentials, people, audit log, queues and privacy duties.</summary>
public sealed class AccountClient
{
    private readonly ApiConnection _api;

    internal AccountClient(ApiConnection api) => _api = api;

    /// <summary>The tenant's settings (suppression, retention, tracking, kept content).</summary>
    [ApiOperation("GetSettings", "GET", "/v1/settings")]
    public Task<TenantSettings> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantSettings>(HttpMethod.Get, "/v1/settings", null, cancellationToken);

    /// <summary>Changes the settings that are given; the others keep their value.</summary>
    [ApiOperation("UpdateSettings", "PUT", "/v1/settings")]
    public Task<TenantSettings> UpdateSettingsAsync(UpdateSettingsRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantSettings>(HttpMethod.Put, "/v1/settings", request, cancellationToken);

    /// <summary>Creates an API key; the key is in the answer and never shown again.</summary>
    [ApiOperation("CreateApiKey", "POST", "/v1/api-keys")]
    public Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<ApiKeyCreated>(HttpMethod.Post, "/v1/api-keys", request, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>One page of API keys (never their secrets).</summary>
    [ApiOperation("ListApiKeys", "GET", "/v1/api-keys")]
    public Task<Page<ApiKeyView>> ListApiKeysAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<ApiKeyView>>(HttpMethod.Get, new Query("/v1/api-keys").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>Revokes an API key on every node.</summary>
    [ApiOperation("RevokeApiKey", "DELETE", "/v1/api-keys/{id}")]
    public Task RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{Query.Segment(id)}", null, cancellationToken);

    /// <summary>Creates SMTP relay credentials; the password is in the answer and never shown again.</summary>
    [ApiOperation("CreateSmtpCredential", "POST", "/v1/smtp-credentials")]
    public Task<SmtpCredentialCreated> CreateSmtpCredentialAsync(
        string name, string? idempotencyKey = null, string? defaultStream = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<SmtpCredentialCreated>(
            HttpMethod.Post, "/v1/smtp-credentials", new CreateSmtpCredentialRequest { Name = name, DefaultStream = defaultStream }, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>Sets the credentials' default stream (null: transactional).</summary>
    [ApiOperation("UpdateSmtpCredential", "PATCH", "/v1/smtp-credentials/{id}")]
    public Task<SmtpCredential> UpdateSmtpCredentialAsync(string id, string? defaultStream, CancellationToken cancellationToken = default) =>
        _api.SendAsync<SmtpCredential>(HttpMethod.Patch, $"/v1/smtp-credentials/{Query.Segment(id)}", new UpdateSmtpCredentialRequest { DefaultStream = defaultStream }, cancellationToken);

    /// <summary>One page of SMTP credentials (never their passwords).</summary>
    [ApiOperation("ListSmtpCredentials", "GET", "/v1/smtp-credentials")]
    public Task<Page<SmtpCredential>> ListSmtpCredentialsAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<SmtpCredential>>(HttpMethod.Get, new Query("/v1/smtp-credentials").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>Deletes SMTP credentials.</summary>
    [ApiOperation("DeleteSmtpCredential", "DELETE", "/v1/smtp-credentials/{id}")]
    public Task DeleteSmtpCredentialAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, $"/v1/smtp-credentials/{Query.Segment(id)}", null, cancellationToken);

    /// <summary>One page of the tenant's audit log, with its hash chain.</summary>
    [ApiOperation("ListAuditLog", "GET", "/v1/audit-log")]
    public Task<Page<AuditEntry>> ListAuditLogAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<AuditEntry>>(HttpMethod.Get, new Query("/v1/audit-log").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>The tenant's messages waiting per shard and per destination.</summary>
    [ApiOperation("GetQueues", "GET", "/v1/queues")]
    public Task<QueueSnapshot> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync<QueueSnapshot>(HttpMethod.Get, "/v1/queues", null, cancellationToken);

    /// <summary>Erases people (GDPR art. 17) from every store and reports what went.</summary>
    [ApiOperation("EraseRecipients", "POST", "/v1/privacy/erasures")]
    public Task<ErasureResult> EraseRecipientsAsync(ErasureRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<ErasureResult>(HttpMethod.Post, "/v1/privacy/erasures", request, cancellationToken);

    /// <summary>Everything kept about one address (GDPR art. 15).</summary>
    [ApiOperation("ExportRecipient", "GET", "/v1/privacy/export")]
    public Task<PersonalDataExport> ExportRecipientAsync(string email, CancellationToken cancellationToken = default) =>
        _api.SendAsync<PersonalDataExport>(HttpMethod.Get, new Query("/v1/privacy/export").Add("email", email).ToString(), null, cancellationToken);
}
