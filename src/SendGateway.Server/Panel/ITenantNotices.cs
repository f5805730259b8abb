namespace SendGateway.Server.Panel;

/// <summary>
/// The notices the layout shows about a tenant's state besides its suspension: to the tenant's people, a reputation
/// warning or pause in effect; to operators, a banner while tenants are paused or warned. Tenants implements it, so the
/// shell knows no tenant store.
/// </summary>
internal interface ITenantNotices
{
    /// <summary>The notice for the tenant's people, or null.</summary>
    Task<string?> ForTenantAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The operator console's banner, or null.</summary>
    Task<string?> ForOperatorsAsync(CancellationToken cancellationToken);
}
