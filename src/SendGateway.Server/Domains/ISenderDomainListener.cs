namespace SendGateway.Server.Domains;

/// <summary>
/// A node-local cache of sender domains outside this folder (the delivery path's DKIM keys): told by
/// <see cref="SenderDomainChanges"/> when a domain was verified, stopped, removed or given a new key, here or on another
/// node. The seam keeps the arrow one way: the caches depend on Domains, Domains on none of them.
/// </summary>
internal interface ISenderDomainListener
{
    void Changed(string tenantId, string domain);
}
