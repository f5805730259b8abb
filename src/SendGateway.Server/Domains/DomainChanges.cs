namespace SendGateway.Server.Domains;

/// <summary>
/// Adding, verifying and removing a sender domain: the one implementation behind <c>/v1/domains</c>, the panel's
/// Domains page and <c>domain verify --force</c>. A domain sends once its DKIM record is found with the key we hold
/// (the return-path CNAME is not required: VERP addresses are on the platform's bounce domain). A name verified by
/// one tenant cannot be added or verified by another; an unverified claim blocks no one. Every change reloads this
/// node's tracking hosts and drops every node's cached sender answer.
/// </summary>
internal sealed class DomainChanges(
    DomainStore store, DomainVerifier verifier, DomainViews views, TrackingHosts hosts, SenderDomainChanges senders, IAuditTrail audit)
{
    public const string InvalidName = "A domain name such as mail.example.com is required.";

    public const string HeldElsewhere = "This domain is verified by another account.";

    /// <summary>The audit log's actor for the command line's override.</summary>
    public const string OperatorActor = "operator (command line)";

    public async Task<DomainAdded> AddAsync(string tenantId, string? requested, CancellationToken cancellationToken)
    {
        var name = requested?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!DomainNames.IsValid(name))
        {
            return new DomainAdded(DomainAddStatus.InvalidName, null, null);
        }

        if (await store.IsHeldElsewhereAsync(tenantId, name, cancellationToken))
        {
            return new DomainAdded(DomainAddStatus.HeldElsewhere, name, null);
        }

        var created = await store.CreateAsync(tenantId, name, cancellationToken);
        return created is null ? new DomainAdded(DomainAddStatus.Exists, name, null) : new DomainAdded(DomainAddStatus.Created, name, await views.OfAsync(created, cancellationToken));
    }

    /// <summary>Looks the records up now; null when the tenant has no such domain.</summary>
    public async Task<DomainVerification?> VerifyAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, name.ToLowerInvariant(), cancellationToken) is not { } domain)
        {
            return null;
        }

        var checks = await verifier.CheckAsync(await views.OfAsync(domain, cancellationToken), cancellationToken);
        var dkim = checks.Single(c => c.Purpose == "dkim").State;
        bool verified, heldElsewhere = false;
        if (dkim == "verified")
        {
            // The CNAME alone proves nothing about who owns the domain (every tenant's is the same): it counts only once the
            // tenant's own DKIM key is published there too.
            var tracking = checks.Single(c => c.Purpose == "tracking").State == "verified";
            verified = await store.MarkVerifiedAsync(tenantId, domain.Name, "dns", tracking, cancellationToken);
            heldElsewhere = !verified;
        }
        else if (dkim == "dns_error" || domain.VerifiedBy == "operator")
        {
            verified = domain.Verified; // a DNS failure says nothing either way; an operator's override stands
        }
        else
        {
            await store.MarkNotVerifiedAsync(tenantId, domain.Name, cancellationToken);
            verified = false;
        }

        await ChangedAsync(tenantId, domain.Name, cancellationToken);
        var trackingVerified = verified && (dkim == "verified" ? checks.Single(c => c.Purpose == "tracking").State == "verified" : domain.TrackingVerified);
        return new DomainVerification(domain.Name, verified, checks, trackingVerified, heldElsewhere);
    }

    /// <summary>
    /// <c>domain verify --force</c>: marks the domain verified without DNS (a private network), adding it first when the
    /// tenant has not, audited as an operator override and shown so in the panel. Never re-checked.
    /// </summary>
    public async Task<DomainAddStatus> ForceVerifyAsync(string tenantId, string requested, CancellationToken cancellationToken)
    {
        var added = await AddAsync(tenantId, requested, cancellationToken);
        if (added.Status is DomainAddStatus.InvalidName or DomainAddStatus.HeldElsewhere)
        {
            return added.Status;
        }

        if (added.Status == DomainAddStatus.Exists && await store.GetAsync(tenantId, added.Name!, cancellationToken) is { Verified: true })
        {
            return added.Status; // nothing to override (make run's demo asks at every start)
        }

        if (!await store.MarkVerifiedAsync(tenantId, added.Name!, "operator", trackingVerified: false, cancellationToken))
        {
            return DomainAddStatus.HeldElsewhere;
        }

        await audit.AppendAsync(tenantId, OperatorActor, AuditActions.DomainForceVerified, $"name={added.Name}", null, "operator override: verified without DNS", cancellationToken);
        await ChangedAsync(tenantId, added.Name!, cancellationToken);
        return added.Status;
    }

    public async Task<bool> RemoveAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenantId, name.ToLowerInvariant(), cancellationToken))
        {
            return false;
        }

        await ChangedAsync(tenantId, name.ToLowerInvariant(), cancellationToken);
        return true;
    }

    /// <summary>A domain's state changed: this node's tracking hosts reload, every node's cached sender answer goes.</summary>
    public async Task ChangedAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        hosts.Invalidate();
        await senders.ChangedAsync(tenantId, name, cancellationToken);
    }
}
