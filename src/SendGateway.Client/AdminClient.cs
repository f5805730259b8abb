using System.Globalization;

namespace SendGateway.Client;

/// <summary><c>/v1/admin</c>: the operator's API (needs the operator key): tenants, IP pools, queues and dead letters.</summary>
public sealed class AdminClient
{
    private readonly ApiConnection _api;

    internal AdminClient(ApiConnection api) => _api = api;

    /// <summary>Creates a tenant and its first API key (shown once).</summary>
    [ApiOperation("CreateTenant", "POST", "/v1/admin/tenants")]
    public Task<TenantCreated> CreateTenantAsync(string name, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantCreated>(HttpMethod.Post, "/v1/admin/tenants", new CreateTenantRequest { Name = name }, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>One page of tenants.</summary>
    [ApiOperation("ListTenants", "GET", "/v1/admin/tenants")]
    public Task<Page<TenantView>> ListTenantsAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<TenantView>>(HttpMethod.Get, new Query("/v1/admin/tenants").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>One tenant.</summary>
    [ApiOperation("GetTenant", "GET", "/v1/admin/tenants/{id}")]
    public Task<TenantView> GetTenantAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantView>(HttpMethod.Get, Tenant(id), null, cancellationToken);

    /// <summary>Suspends or resumes a tenant, changes its quotas or pools.</summary>
    [ApiOperation("UpdateTenant", "PATCH", "/v1/admin/tenants/{id}")]
    public Task<TenantView> UpdateTenantAsync(string id, UpdateTenantRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantView>(HttpMethod.Patch, Tenant(id), request, cancellationToken);

    /// <summary>Pauses a tenant: its mail is still accepted and is held, not sent, until it is resumed.</summary>
    [ApiOperation("PauseTenant", "POST", "/v1/admin/tenants/{id}/pause")]
    public Task<TenantView> PauseTenantAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantView>(HttpMethod.Post, $"{Tenant(id)}/pause", null, cancellationToken);

    /// <summary>Resumes a paused tenant: its held mail is sent at once and its reputation rates count from now.</summary>
    [ApiOperation("ResumeTenant", "POST", "/v1/admin/tenants/{id}/resume")]
    public Task<TenantView> ResumeTenantAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantView>(HttpMethod.Post, $"{Tenant(id)}/resume", null, cancellationToken);

    /// <summary>A tenant's complaint and hard-bounce rates in the window, the lines in force and its pause state.</summary>
    [ApiOperation("GetTenantReputation", "GET", "/v1/admin/tenants/{id}/reputation")]
    public Task<ReputationView> GetTenantReputationAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<ReputationView>(HttpMethod.Get, $"{Tenant(id)}/reputation", null, cancellationToken);

    /// <summary>Sets a tenant's own warn and pause lines (null: the service's option).</summary>
    [ApiOperation("SetTenantReputation", "PUT", "/v1/admin/tenants/{id}/reputation")]
    public Task<ReputationView> SetTenantReputationAsync(string id, ReputationLinesRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<ReputationView>(HttpMethod.Put, $"{Tenant(id)}/reputation", request, cancellationToken);

    /// <summary>Deletes a tenant and everything it owns, and reports what went.</summary>
    [ApiOperation("DeleteTenant", "DELETE", "/v1/admin/tenants/{id}")]
    public Task<TenantDeletion> DeleteTenantAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TenantDeletion>(HttpMethod.Delete, Tenant(id), null, cancellationToken);

    /// <summary>
    /// Every stored row of a tenant as JSON lines (<c>{"table": …, "row": {…}}</c>; secrets and sealed content left out),
    /// to hand back before <see cref="DeleteTenantAsync"/>; <paramref name="reason"/> is recorded in the tenant's audit log.
    /// </summary>
    [ApiOperation("ExportTenant", "GET", "/v1/admin/tenants/{id}/export")]
    public Task<Stream> ExportTenantAsync(string id, string reason, CancellationToken cancellationToken = default) =>
        _api.GetStreamAsync($"{Tenant(id)}/export", reason, cancellationToken);

    /// <summary>A tenant's message, for support; <paramref name="reason"/> (a ticket, say) is recorded in the tenant's audit log.</summary>
    [ApiOperation("OperatorGetMessage", "GET", "/v1/admin/tenants/{id}/messages/{messageId}")]
    public Task<MessageView> GetMessageAsync(string tenantId, string messageId, string reason, CancellationToken cancellationToken = default) =>
        _api.GetAsync<MessageView>($"{Tenant(tenantId)}/messages/{Query.Segment(messageId)}", reason, cancellationToken);

    /// <summary>Creates an IP pool.</summary>
    [ApiOperation("CreateIpPool", "POST", "/v1/admin/ip-pools")]
    public Task<IpPool> CreateIpPoolAsync(IpPoolRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<IpPool>(HttpMethod.Post, "/v1/admin/ip-pools", request, cancellationToken);

    /// <summary>One page of IP pools.</summary>
    [ApiOperation("ListIpPools", "GET", "/v1/admin/ip-pools")]
    public Task<Page<IpPool>> ListIpPoolsAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<IpPool>>(HttpMethod.Get, new Query("/v1/admin/ip-pools").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>One IP pool.</summary>
    [ApiOperation("GetIpPool", "GET", "/v1/admin/ip-pools/{name}")]
    public Task<IpPool> GetIpPoolAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync<IpPool>(HttpMethod.Get, Pool(name), null, cancellationToken);

    /// <summary>Replaces an IP pool's sources.</summary>
    [ApiOperation("UpdateIpPool", "PATCH", "/v1/admin/ip-pools/{name}")]
    public Task<IpPool> UpdateIpPoolAsync(string name, IpPoolRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<IpPool>(HttpMethod.Patch, Pool(name), request, cancellationToken);

    /// <summary>Deletes an IP pool.</summary>
    [ApiOperation("DeleteIpPool", "DELETE", "/v1/admin/ip-pools/{name}")]
    public Task DeleteIpPoolAsync(string name, CancellationToken cancellationToken = default) => _api.SendAsync(HttpMethod.Delete, Pool(name), null, cancellationToken);

    /// <summary>One page of the recipient domains' cached MTA-STS policies, or only <paramref name="domain"/>'s.</summary>
    [ApiOperation("ListTlsPolicies", "GET", "/v1/admin/tls-policies")]
    public Task<Page<TlsPolicyView>> ListTlsPoliciesAsync(string? domain = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<TlsPolicyView>>(HttpMethod.Get, new Query("/v1/admin/tls-policies").Add("domain", domain).Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>The shaping actions in effect (throttles and suspensions started by providers' replies), or only <paramref name="provider"/>'s.</summary>
    [ApiOperation("ListShapingActions", "GET", "/v1/admin/shaping/actions")]
    public Task<ShapingActionList> ListShapingActionsAsync(string? provider = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<ShapingActionList>(HttpMethod.Get, new Query("/v1/admin/shaping/actions").Add("provider", provider).ToString(), null, cancellationToken);

    /// <summary>Cancels a shaping action in effect; the mail it held is tried at once.</summary>
    [ApiOperation("CancelShapingAction", "DELETE", "/v1/admin/shaping/actions/{id}")]
    public Task<ShapingActionCancelled> CancelShapingActionAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<ShapingActionCancelled>(HttpMethod.Delete, $"/v1/admin/shaping/actions/{Query.Segment(id)}", null, cancellationToken);

    /// <summary>Holds, bounces or rebinds queued mail by tenant, recipient domain, IP pool or source address.</summary>
    [ApiOperation("CreateQueueControl", "POST", "/v1/admin/queue-controls")]
    public Task<QueueControl> CreateQueueControlAsync(QueueControlRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<QueueControl>(HttpMethod.Post, "/v1/admin/queue-controls", request, cancellationToken);

    /// <summary>One page of queue controls, newest first; only those in effect when <paramref name="active"/> is true.</summary>
    [ApiOperation("ListQueueControls", "GET", "/v1/admin/queue-controls")]
    public Task<Page<QueueControl>> ListQueueControlsAsync(bool? active = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<QueueControl>>(HttpMethod.Get,
            new Query("/v1/admin/queue-controls").Add("active", active is { } a ? (a ? "true" : "false") : null).Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>Lifts (resumes) a queue control; the mail it held is tried at once.</summary>
    [ApiOperation("LiftQueueControl", "DELETE", "/v1/admin/queue-controls/{id}")]
    public Task<QueueControl> LiftQueueControlAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<QueueControl>(HttpMethod.Delete, $"/v1/admin/queue-controls/{Query.Segment(id)}", null, cancellationToken);

    /// <summary>Every shard's and destination's queue.</summary>
    [ApiOperation("GetAdminQueues", "GET", "/v1/admin/queues")]
    public Task<QueueSnapshot> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        _api.SendAsync<QueueSnapshot>(HttpMethod.Get, "/v1/admin/queues", null, cancellationToken);

    /// <summary>Dead letters (source, reason, field names; never content).</summary>
    [ApiOperation("ListDeadLetters", "GET", "/v1/admin/dead-letters")]
    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int? shard = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<IReadOnlyList<DeadLetter>>(HttpMethod.Get, new Query("/v1/admin/dead-letters").Add("shard", shard).Add("limit", limit).ToString(), null, cancellationToken);

    /// <summary>Puts a dead letter back on its stream.</summary>
    [ApiOperation("ReplayDeadLetter", "POST", "/v1/admin/dead-letters/{shard}/{id}/replay")]
    public Task<DeadLetterReplayed> ReplayDeadLetterAsync(int shard, string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<DeadLetterReplayed>(HttpMethod.Post, $"{DeadLetter(shard, id)}/replay", null, cancellationToken);

    /// <summary>Discards a dead letter.</summary>
    [ApiOperation("DeleteDeadLetter", "DELETE", "/v1/admin/dead-letters/{shard}/{id}")]
    public Task DeleteDeadLetterAsync(int shard, string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, DeadLetter(shard, id), null, cancellationToken);

    private static string Tenant(string id) => $"/v1/admin/tenants/{Query.Segment(id)}";

    private static string Pool(string name) => $"/v1/admin/ip-pools/{Query.Segment(name)}";

    private static string DeadLetter(int shard, string id) => $"/v1/admin/dead-letters/{shard.ToString(CultureInfo.InvariantCulture)}/{Query.Segment(id)}";
}
