namespace SendGateway.Server.Tenants;

/// <summary>
/// Creating and revoking API keys: the one implementation behind <c>/v1/api-keys</c> and the panel's Keys page. A
/// revocation reaches every node at once (<see cref="ApiKeyRevocations"/>).
/// </summary>
public sealed class ApiKeyChanges(TenantStore store, ApiKeyRevocations revocations)
{
    /// <summary>The errors by the API's field names, or none and the key (its secret shown once).</summary>
    public async Task<(Dictionary<string, string[]> Errors, ApiKeyCreated? Created)> CreateAsync(string tenantId, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            errors["name"] = ["A name of 1 to 200 printable characters is required."];
        }

        var scopes = request.Scopes ?? Scopes.All;
        if (scopes.Length == 0 || scopes.Any(s => !Scopes.All.Contains(s)))
        {
            errors["scopes"] = [$"One or more of {string.Join(", ", Scopes.All)}."];
        }

        var allowed = request.AllowedIps ?? [];
        if (allowed.Length > SourceAddresses.MaxEntries || allowed.Any(a => !SourceAddresses.TryParse(a, out _)))
        {
            errors["allowed_ips"] = [$"Up to {SourceAddresses.MaxEntries} addresses or CIDRs such as 203.0.113.7 or 198.51.100.0/24."];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var (view, key) = await store.CreateApiKeyAsync(tenantId, name!, scopes.Distinct().ToArray(), allowed.Select(a => a.Trim()).ToArray(), cancellationToken);
        return (errors, new ApiKeyCreated(view.Id, view.Name, view.Scopes, view.AllowedIps, key, view.CreatedAt));
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
