namespace SendGateway.Server.Domains;

/// <summary>
/// Adding, verifying and removing a sender domain: the one implementation behind <c>/v1/domains</c> and the panel's
/// Domains page. A verify or removal reloads this node's tracking hosts at once.
/// </summary>
public sealed class DomainChanges(DomainStore store, DomainVerifier verifier, DomainViews views, TrackingHosts hosts, Delivery.SenderDomainChanges changes)
{
    public const string InvalidName = "A domain name such as mail.example.com is required.";

    /// <summary>The new domain; null name when it is not a domain name, null view when the tenant has it already.</summary>
    public async Task<(string? Name, DomainView? Created)> AddAsync(string tenantId, string? requested, CancellationToken cancellationToken)
    {
        var name = requested?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!DomainNames.IsValid(name))
        {
            return (null, null);
        }

        var created = await store.CreateAsync(tenantId, name, verified: false, cancellationToken);
        return (name, created is null ? null : views.Of(created));
    }

    /// <summary>Looks the records up now; null when the tenant has no such domain.</summary>
    public async Task<DomainVerification?> VerifyAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, name.ToLowerInvariant(), cancellationToken) is not { } domain)
        {
            return null;
        }

        var checks = await verifier.CheckAsync(views.Of(domain), cancellationToken);
        var verified = checks.Where(c => c.Purpose is "dkim" or "return_path").All(c => c.State == "verified");
        // The CNAME alone proves nothing about who owns the domain (every tenant's is the same): it counts only once the
        // tenant's own DKIM key is published there too.
        var tracking = verified && checks.Single(c => c.Purpose == "tracking").State == "verified";
        await store.SetVerifiedAsync(tenantId, domain.Name, verified, tracking, cancellationToken);
        hosts.Invalidate();
        await changes.ChangedAsync(tenantId, domain.Name, cancellationToken); // every node's DKIM key cache (T114)
        return new DomainVerification(domain.Name, verified, checks, tracking);
    }

    public async Task<bool> RemoveAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenantId, name.ToLowerInvariant(), cancellationToken))
        {
            return false;
        }

        hosts.Invalidate();
        await changes.ChangedAsync(tenantId, name.ToLowerInvariant(), cancellationToken);
        return true;
    }
}
