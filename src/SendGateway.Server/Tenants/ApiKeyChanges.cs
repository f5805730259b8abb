namespace SendGateway.Server.Tenants;

/// <summary>
/// Creating and revoking API keys: the one implementation behind <c>/v1/api-keys</c> and the panel's Keys page. A
/// revocation reaches every node at once (<see cref="ApiKeyRevocations"/>). A key carries at most what its maker may
/// give (<see cref="ApiKeyMaker"/>).
/// </summary>
internal sealed class ApiKeyChanges(TenantStore store, ApiKeyRevocations revocations)
{
    /// <summary>
    /// The errors by the API's field names, or the refusal when the key would carry more than <paramref name="maker"/>
    /// may give (a role above its own, a scope it lacks), or the key (its secret shown once).
    /// </summary>
    public async Task<(Dictionary<string, string[]> Errors, RoleRefusal? Refusal, ApiKeyCreated? Created)> CreateAsync(
        string tenantId, CreateApiKeyRequest request, ApiKeyMaker maker, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            errors["name"] = ["A name of 1 to 200 printable characters is required."];
        }

        var scopes = request.Scopes ?? maker.Scopes ?? Scopes.All;
        if (scopes.Length == 0 || scopes.Any(s => !Scopes.All.Contains(s)))
        {
            errors["scopes"] = [$"One or more of {string.Join(", ", Scopes.All)}."];
        }

        var allowed = request.AllowedIps ?? [];
        if (allowed.Length > SourceAddresses.MaxEntries || allowed.Any(a => !SourceAddresses.TryParse(a, out _)))
        {
            errors["allowed_ips"] = [$"Up to {SourceAddresses.MaxEntries} addresses or CIDRs such as 203.0.113.7 or 198.51.100.0/24."];
        }

        var role = request.Role ?? maker.Role;
        if (!TenantRoles.IsRole(role))
        {
            errors["role"] = [$"One of {string.Join(", ", TenantRoles.All)}."];
        }

        if (errors.Count > 0)
        {
            return (errors, null, null);
        }

        if (!TenantRoles.AtLeast(maker.Role, role))
        {
            return (errors, new(RoleRefusal.RoleCeiling, $"A key carries at most its maker's role: '{role}' is above '{maker.Role}'."), null);
        }

        if (maker.Scopes is not null && scopes.Except(maker.Scopes).ToList() is { Count: > 0 } wider)
        {
            return (errors, new(RoleRefusal.ScopeCeiling, $"A key made by a key has no scope its maker lacks: {string.Join(", ", wider)}."), null);
        }

        var (view, key) = await store.CreateApiKeyAsync(
            tenantId, name!, scopes.Distinct().ToArray(), allowed.Select(a => a.Trim()).ToArray(), role, maker.CreatedBy, cancellationToken);
        return (errors, null, new ApiKeyCreated(view.Id, view.Name, view.Scopes, view.AllowedIps, key, view.CreatedAt, view.Role, view.CreatedBy));
    }

    public async Task<bool> RevokeAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!await store.RevokeApiKeyAsync(tenantId, id, cancellationToken))
        {
            return false;
        }

        await revocations.RevokedAsync(id, cancellationToken);
        return true;
    }
}
