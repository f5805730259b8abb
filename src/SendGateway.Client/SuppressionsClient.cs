using System.Net.Http.Headers;

namespace SendGateway.Client;

/// <summary><c>/v1/suppressions</c>: addresses that are never sent to, with CSV import and export.</summary>
public sealed class SuppressionsClient
{
    private readonly ApiConnection _api;

    internal SuppressionsClient(ApiConnection api) => _api = api;

    /// <summary>One page of active entries, optionally those of one address or reason.</summary>
    [ApiOperation("ListSuppressions", "GET", "/v1/suppressions")]
    public Task<Page<Suppression>> ListAsync(string? email = null, string? reason = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<Suppression>>(HttpMethod.Get,
            new Query("/v1/suppressions").Add("email", email).Add("reason", reason).Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>Adds entries (all or none).</summary>
    [ApiOperation("AddSuppressions", "POST", "/v1/suppressions")]
    public Task<SuppressionsAdded> AddAsync(AddSuppressionsRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<SuppressionsAdded>(HttpMethod.Post, "/v1/suppressions", request, cancellationToken);

    /// <summary>The entry of one address; a <see cref="SendGatewayException"/> with 404 when it is not suppressed.</summary>
    [ApiOperation("CheckSuppression", "GET", "/v1/suppressions/{email}")]
    public Task<Suppression> GetAsync(string email, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Suppression>(HttpMethod.Get, $"/v1/suppressions/{Query.Segment(email)}", null, cancellationToken);

    /// <summary>Removes one address's entry.</summary>
    [ApiOperation("DeleteSuppression", "DELETE", "/v1/suppressions/{email}")]
    public Task DeleteAsync(string email, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, $"/v1/suppressions/{Query.Segment(email)}", null, cancellationToken);

    /// <summary>Every active entry as CSV (<c>email,reason,created_at,expires_at</c>), streamed; dispose the stream when done.</summary>
    [ApiOperation("ExportSuppressions", "GET", "/v1/suppressions/export")]
    public Task<Stream> ExportAsync(CancellationToken cancellationToken = default) => _api.GetStreamAsync("/v1/suppressions/export", cancellationToken);

    /// <summary>
    /// Adds the entries of a CSV stream (<c>email[,reason[,expires_at]]</c>, optional header): all lines or none; refused
    /// lines come back as <see cref="SendGatewayException.Errors"/> keyed by line. A seekable stream is re-read when the call is retried.
    /// </summary>
    [ApiOperation("ImportSuppressions", "POST", "/v1/suppressions/import")]
    public Task<SuppressionsAdded> ImportAsync(Stream csv, CancellationToken cancellationToken = default)
    {
        var content = new StreamContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return _api.SendContentAsync<SuppressionsAdded>(HttpMethod.Post, "/v1/suppressions/import", content, cancellationToken);
    }
}
