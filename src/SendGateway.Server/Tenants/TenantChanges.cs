namespace SendGateway.Server.Tenants;

/// <summary>
/// Creating tenants and changing their state, quotas and IP pools: the one implementation behind <c>/v1/admin/tenants</c>
/// and the operator console's Tenants page. A change reaches every node's caches at once (<see cref="TenantInvalidations"/>):
/// a suspended tenant's API keys and SMTP logins stop everywhere.
/// </summary>
internal sealed class TenantChanges(TenantStore store, IIpPoolNames pools, TenantInvalidations invalidations)
{
    public const int MaxHourlyQuota = 100_000_000;
    public const int MaxDailyQuota = 1_000_000_000;

    /// <summary>
    /// The errors by the API's field names, or none and the tenant with its first API key: role ceiling
    /// <paramref name="keyRole"/> (owner when null), made by <paramref name="createdBy"/> (<see cref="ApiKeyMaker.Operator"/> or <see cref="ApiKeyMaker.CommandLine"/>).
    /// </summary>
    public async Task<(Dictionary<string, string[]> Errors, TenantCreated? Created)> CreateAsync(string? name, string? keyRole, string createdBy, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            return (new() { ["name"] = ["A name of 1 to 200 printable characters is required."] }, null);
        }

        keyRole ??= TenantRoles.Owner;
        if (!TenantRoles.IsRole(keyRole))
        {
            return (new() { ["api_key_role"] = [$"One of {string.Join(", ", TenantRoles.All)} (owner when left out)."] }, null);
        }

        var (tenant, key) = await store.CreateAsync(name, keyRole, createdBy, cancellationToken);
        return ([], new TenantCreated(tenant.Id, tenant.Name, key, tenant.CreatedAt, keyRole));
    }

    /// <summary>The errors, or the tenant after the change; neither when there is no such tenant.</summary>
    public async Task<(Dictionary<string, string[]> Errors, TenantView? Tenant)> UpdateAsync(string id, UpdateTenantRequest request, CancellationToken cancellationToken)
    {
        foreach (var pool in (request.AllowedIpPools ?? []).Append(request.DefaultIpPool).Where(p => !string.IsNullOrEmpty(p)))
        {
            if (!await pools.ExistsAsync(pool!, cancellationToken))
            {
                return (new() { ["allowed_ip_pools"] = [$"No IP pool named '{pool}'."] }, null);
            }
        }

        if (request.HourlyQuota is > MaxHourlyQuota or < 0 || request.DailyQuota is > MaxDailyQuota or < 0)
        {
            return (new() { ["hourly_quota"] = ["Quotas are at most 100,000,000 per hour and 1,000,000,000 per day (0: unlimited)."] }, null);
        }

        var tenant = await store.UpdateAsync(id, request.Suspended, request.HourlyQuota, request.DailyQuota, request.DefaultIpPool, request.AllowedIpPools, cancellationToken);
        await invalidations.ChangedAsync(id, cancellationToken);
        return ([], tenant is null ? null : TenantView.From(tenant));
    }
}
