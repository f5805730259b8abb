using System.Globalization;

namespace SendGateway.Client;

/// <summary><c>/v1/templates</c>: stored, versioned templates and layouts.</summary>
public sealed class TemplatesClient
{
    private readonly ApiConnection _api;

    internal TemplatesClient(ApiConnection api) => _api = api;

    /// <summary>Creates a template (or layout) with its first version.</summary>
    [ApiOperation("CreateTemplate", "POST", "/v1/templates")]
    public Task<TemplateView> CreateAsync(CreateTemplateRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TemplateView>(HttpMethod.Post, "/v1/templates", request, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>One page of templates.</summary>
    [ApiOperation("ListTemplates", "GET", "/v1/templates")]
    public Task<Page<TemplateSummary>> ListAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<TemplateSummary>>(HttpMethod.Get, new Query("/v1/templates").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>A template with its active version and the list of versions.</summary>
    [ApiOperation("GetTemplate", "GET", "/v1/templates/{id}")]
    public Task<TemplateView> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TemplateView>(HttpMethod.Get, Path(id), null, cancellationToken);

    /// <summary>Adds a version (active at once when <c>activate</c>) or renames.</summary>
    [ApiOperation("UpdateTemplate", "PUT", "/v1/templates/{id}")]
    public Task<TemplateView> UpdateAsync(string id, UpdateTemplateRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TemplateView>(HttpMethod.Put, Path(id), request, cancellationToken);

    /// <summary>Deletes a template (a layout still in use is refused with 409).</summary>
    [ApiOperation("DeleteTemplate", "DELETE", "/v1/templates/{id}")]
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _api.SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    /// <summary>One version of a template.</summary>
    [ApiOperation("GetTemplateVersion", "GET", "/v1/templates/{id}/versions/{version}")]
    public Task<TemplateVersionView> GetVersionAsync(string id, int version, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TemplateVersionView>(HttpMethod.Get, $"{Path(id)}/versions/{version.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);

    /// <summary>Makes a version the active one (roll forward or back).</summary>
    [ApiOperation("ActivateTemplateVersion", "POST", "/v1/templates/{id}/versions/{version}/activate")]
    public Task<TemplateView> ActivateVersionAsync(string id, int version, CancellationToken cancellationToken = default) =>
        _api.SendAsync<TemplateView>(HttpMethod.Post, $"{Path(id)}/versions/{version.ToString(CultureInfo.InvariantCulture)}/activate", null, cancellationToken);

    /// <summary>Renders an unsaved template with sample vars.</summary>
    [ApiOperation("RenderTemplate", "POST", "/v1/templates/render")]
    public Task<RenderedTemplate> RenderAsync(RenderTemplateRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<RenderedTemplate>(HttpMethod.Post, "/v1/templates/render", request, cancellationToken);

    /// <summary>Renders a stored template (its active version unless <c>version</c>) with sample vars.</summary>
    [ApiOperation("RenderStoredTemplate", "POST", "/v1/templates/{id}/render")]
    public Task<RenderedTemplate> RenderStoredAsync(string id, RenderTemplateRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<RenderedTemplate>(HttpMethod.Post, $"{Path(id)}/render", request, cancellationToken);

    private static string Path(string id) => $"/v1/templates/{Query.Segment(id)}";
}
