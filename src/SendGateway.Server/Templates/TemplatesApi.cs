using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendGateway.Server.Idempotency;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Templates;

/// <summary><c>/v1/templates</c> (api.md §5): stored templates and layouts with immutable versions, and previews.</summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/templates").WithTags("Templates")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).RequireAuthorization(Scopes.Manage).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CreateTemplate").WithSummary("Create a template or layout with version 1.");
        group.MapGet("/", ListAsync).RequireAuthorization(Scopes.Read).WithName("ListTemplates").WithSummary("List templates and layouts by id.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Scopes.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTemplate").WithSummary("A template: its active version's content and its versions.");
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Scopes.Manage).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateTemplate").WithSummary("Add an immutable version; it becomes active unless activate is false.");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Scopes.Manage).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteTemplate").WithSummary("Delete a template and its versions (a layout templates still use: 409). Queued messages keep their copy.");
        group.MapGet("/{id}/versions/{version:int}", GetVersionAsync).RequireAuthorization(Scopes.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTemplateVersion").WithSummary("One version's content.");
        group.MapPost("/{id}/versions/{version:int}/activate", ActivateAsync).RequireAuthorization(Scopes.Manage).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ActivateTemplateVersion").WithSummary("Make a version the active one (roll back or forward).");
        group.MapPost("/render", RenderUnsavedAsync).RequireAuthorization(Scopes.Read).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RenderTemplate").WithSummary("Render an unsaved template with vars, or 422 with every problem.");
        group.MapPost("/{id}/render", RenderStoredAsync).RequireAuthorization(Scopes.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RenderStoredTemplate").WithSummary("Render a stored template (active version unless version is given) with vars, or 422 with every problem.");
        return app;
    }

    private static async Task<Results<Created<TemplateView>, ProblemHttpResult>> CreateAsync(
        CreateTemplateRequest request, ClaimsPrincipal user, TemplateStore store, TemplateEditor editor, IOptions<TemplatesOptions> options, CancellationToken cancellationToken)
    {
        var kind = request.Kind ?? TemplateKinds.Template;
        var id = request.Id ?? Ids.New("tpl");
        if (!TemplateEditor.IsValidId(id))
        {
            return Problems.Validation("id", "An id is 1–100 letters, digits, '_', '-' or '.', starting with a letter or digit.");
        }

        if (kind is not (TemplateKinds.Template or TemplateKinds.Layout))
        {
            return Problems.Validation("kind", "kind is template or layout.");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > TemplateEditor.MaxNameLength)
        {
            return Problems.Validation("name", $"name is required, at most {TemplateEditor.MaxNameLength} characters.");
        }

        var (content, errors) = await editor.PrepareAsync(user.TenantId(), kind, request, cancellationToken);
        if (content is null)
        {
            return Problems.Validation(errors);
        }

        var max = options.Value.MaxTemplatesPerTenant;
        var (created, full) = await store.CreateAsync(user.TenantId(), id, kind, request.Name, content, max, cancellationToken);
        return created is not null ? TypedResults.Created($"/v1/templates/{Uri.EscapeDataString(id)}", created)
            : full ? Problems.Validation("id", $"A tenant can have at most {max} templates.", "too_many_templates")
            : Problems.Status(StatusCodes.Status409Conflict, "Template exists", "A template with this id exists; PUT /v1/templates/{id} adds a version.", "template_exists");
    }

    private static async Task<Results<Ok<Page<TemplateSummary>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, TemplateStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListAsync(user.TenantId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, t => t.Id));
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, TemplateStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(user.TenantId(), id, cancellationToken) is { } template ? TypedResults.Ok(template) : Problems.NotFound("template");

    private static async Task<Results<Ok<TemplateVersionView>, ProblemHttpResult>> GetVersionAsync(
        string id, int version, ClaimsPrincipal user, TemplateStore store, CancellationToken cancellationToken) =>
        await store.GetVersionAsync(user.TenantId(), id, version, cancellationToken) is { } found ? TypedResults.Ok(found) : Problems.NotFound("template version");

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateTemplateRequest request, ClaimsPrincipal user, TemplateStore store, TemplateEditor editor, IOptions<TemplatesOptions> options, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId();
        if (await store.GetAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return Problems.NotFound("template");
        }

        if (request.Name is not null && (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > TemplateEditor.MaxNameLength))
        {
            return Problems.Validation("name", $"name is at most {TemplateEditor.MaxNameLength} characters.");
        }

        var (content, errors) = await editor.PrepareAsync(tenantId, current.Kind, request, cancellationToken);
        if (content is null)
        {
            return Problems.Validation(errors);
        }

        await store.AddVersionAsync(tenantId, id, request.Name, content, request.Activate ?? true, options.Value.MaxVersionsPerTemplate, cancellationToken);
        return await store.GetAsync(tenantId, id, cancellationToken) is { } updated ? TypedResults.Ok(updated) : Problems.NotFound("template");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, TemplateStore store, CancellationToken cancellationToken)
    {
        var (deleted, inUse) = await store.DeleteAsync(user.TenantId(), id, cancellationToken);
        return deleted ? TypedResults.NoContent()
            : inUse ? Problems.Status(StatusCodes.Status409Conflict, "Layout in use", "Active versions of templates name this layout; change them first.", "layout_in_use")
            : Problems.NotFound("template");
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> ActivateAsync(
        string id, int version, ClaimsPrincipal user, TemplateStore store, CancellationToken cancellationToken) =>
        await store.ActivateAsync(user.TenantId(), id, version, cancellationToken) && await store.GetAsync(user.TenantId(), id, cancellationToken) is { } template
            ? TypedResults.Ok(template)
            : Problems.NotFound("template version");

    private static async Task<Results<Ok<RenderedTemplate>, ProblemHttpResult>> RenderUnsavedAsync(
        RenderTemplateRequest request, ClaimsPrincipal user, TemplateStore store, TemplateEditor editor, TemplateEngine engine, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId();
        var (content, errors) = await editor.PrepareAsync(tenantId, TemplateKinds.Template, request, cancellationToken);
        if (content is null)
        {
            return Problems.Validation(errors);
        }

        var layout = content.LayoutId is null ? null : await store.GetAsync(tenantId, content.LayoutId, cancellationToken);
        return Preview(engine, new MessageParts(content.Subject, content.Text, content.Html, layout?.Active.Text, layout?.Active.Html), request);
    }

    private static async Task<Results<Ok<RenderedTemplate>, ProblemHttpResult>> RenderStoredAsync(
        string id, RenderTemplateRequest request, ClaimsPrincipal user, TemplateStore store, TemplateEngine engine, CancellationToken cancellationToken)
    {
        if (await store.ResolveAsync(user.TenantId(), id, request.Version, cancellationToken) is not { } template)
        {
            return Problems.NotFound("template");
        }

        return Preview(engine, new MessageParts(template.Subject, template.Text, template.Html, template.TextLayout, template.HtmlLayout), request);
    }

    /// <summary>200 with the three parts, or 422 listing every problem: each part's error and every variable without a value.</summary>
    private static Results<Ok<RenderedTemplate>, ProblemHttpResult> Preview(TemplateEngine engine, MessageParts parts, RenderTemplateRequest request)
    {
        var rendered = engine.Render(parts, TemplateValues.Merge(null, request.Vars, TemplateValues.UnsubscribeStandIn));
        if (rendered.Succeeded)
        {
            return TypedResults.Ok(new RenderedTemplate(rendered.Subject, rendered.Html, rendered.Text));
        }

        var errors = rendered.Errors.GroupBy(e => e[..e.IndexOf(':', StringComparison.Ordinal)]).ToDictionary(g => g.Key, g => g.Select(e => e[(e.IndexOf(':', StringComparison.Ordinal) + 2)..]).ToArray());
        if (rendered.Missing.Count > 0)
        {
            errors["vars"] = rendered.Missing.Select(m => $"Template variable '{m}' has no value.").ToArray();
        }

        return Problems.Validation(errors);
    }
}
