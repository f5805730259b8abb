namespace SendGateway.Client;

/// <summary><c>/v1/domains</c>: sender domains, their DKIM keys and DNS records.</summary>
public sealed class DomainsClient
{
    private readonly ApiConnection _api;

    internal DomainsClient(ApiConnection api) => _api = api;

    /// <summary>Adds a sender domain; returns its DKIM key and the DNS records to publish.</summary>
    [ApiOperation("CreateDomain", "POST", "/v1/domains")]
    public Task<DomainView> CreateAsync(string name, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<DomainView>(HttpMethod.Post, "/v1/domains", new CreateDomainRequest { Name = name }, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>One page of domains.</summary>
    [ApiOperation("ListDomains", "GET", "/v1/domains")]
    public Task<Page<DomainView>> ListAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<DomainView>>(HttpMethod.Get, new Query("/v1/domains").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>One domain with its records.</summary>
    [ApiOperation("GetDomain", "GET", "/v1/domains/{name}")]
    public Task<DomainView> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync<DomainView>(HttpMethod.Get, $"/v1/domains/{Query.Segment(name)}", null, cancellationToken);

    /// <summary>Removes a domain and its key.</summary>
    [ApiOperation("DeleteDomain", "DELETE", "/v1/domains/{name}")]
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, $"/v1/domains/{Query.Segment(name)}", null, cancellationToken);

    /// <summary>Checks the records in DNS and reports each one's state.</summary>
    [ApiOperation("VerifyDomain", "POST", "/v1/domains/{name}/verify")]
    public Task<DomainVerification> VerifyAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync<DomainVerification>(HttpMethod.Post, $"/v1/domains/{Query.Segment(name)}/verify", null, cancellationToken);
}
