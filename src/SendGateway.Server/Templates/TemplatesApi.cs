using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Idempotency;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Templates;

/// <summary><c>/v1/templates</c> (api.md §5): stored templates and layouts with immutable versions, and previews.</summary>
internal static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/templates").WithTags("Templates")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CreateTemplate").WithSummary("Create a template or layout with version 1.");
        group.MapGet("/", ListAsync).RequireAuthorization(Scopes.Read).WithName("ListTemplates").WithSummary("List templates and layouts by id.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Scopes.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTemplate").WithSummary("A template: its active version's content and its versions.");
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateTemplate").WithSummary("Add an immutable version; it becomes active unless activate is false.");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteTemplate").WithSummary("Delete a template and its versions (a layout templates still use: 409). Queued messages keep their copy.");
        group.MapGet("/{id}/versions/{version:int}", GetVersionAsync).RequireAuthorization(Scopes.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTemplateVersion").WithSummary("One version's content.");
        group.MapPost("/{id}/versions/{version:int}/activate", ActivateAsync).RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ActivateTemplateVersion").WithSummary("Make a version the active one (roll back or forward).");
        group.MapPost("/render", RenderUnsavedAsync).RequireAuthorization(Scopes.Read).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RenderTemplate").WithSummary("Render an unsaved template with vars, or 422 with every problem.");
        group.MapPost("/{id}/render", RenderStoredAsync).RequireAuthorization(Scopes.Read).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RenderStoredTemplate").WithSummary("Render a stored template (active version unless version is given) with vars, or 422 with every problem.");
        return app;
    }

    private static async Task<Results<Created<TemplateView>, ProblemHttpResult>> CreateAsync(
        CreateTemplateRequest request, ClaimsPrincipal user, TemplateChanges changes, CancellationToken cancellationToken)
    {
        var outcome = await changes.CreateAsync(user.TenantId(), request, cancellationToken);
        return outcome.Template is { } created ? TypedResults.Created($"/v1/templates/{Uri.EscapeDataString(created.Id)}", created)
            : outcome.TooMany ? Problems.Validation(outcome.Errors, outcome.Errors["id"][0], "too_many_templates")
            : outcome.Conflict ? Problems.Status(StatusCodes.Status409Conflict, "Template exists", "A template with this id exists; PUT /v1/templates/{id} adds a version.", "template_exists")
            : Problems.Validation(outcome.Errors, outcome.Errors.Count == 1 && outcome.Errors.First().Value.Length == 1 ? outcome.Errors.First().Value[0] : null);
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
        string id, UpdateTemplateRequest request, ClaimsPrincipal user, TemplateChanges changes, CancellationToken cancellationToken)
    {
        var outcome = await changes.UpdateAsync(user.TenantId(), id, request, cancellationToken);
        return outcome.Template is { } updated ? TypedResults.Ok(updated)
            : outcome.NotFound ? Problems.NotFound("template")
            : Problems.Validation(outcome.Errors, outcome.Errors.Count == 1 && outcome.Errors.First().Value.Length == 1 ? outcome.Errors.First().Value[0] : null);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, TemplateChanges changes, CancellationToken cancellationToken)
    {
        var (deleted, inUse) = await changes.DeleteAsync(user.TenantId(), id, cancellationToken);
        return deleted ? TypedResults.NoContent()
            : inUse ? Problems.Status(StatusCodes.Status409Conflict, "Layout in use", "Active versions of templates name this layout; change them first.", "layout_in_use")
            : Problems.NotFound("template");
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> ActivateAsync(
        string id, int version, ClaimsPrincipal user, TemplateChanges changes, CancellationToken cancellationToken) =>
        (await changes.ActivateAsync(user.TenantId(), id, version, cancellationToken)).Template is { } template ? TypedResults.Ok(template) : Problems.NotFound("template version");

    private static async Task<Results<Ok<RenderedTemplate>, ProblemHttpResult>> RenderUnsavedAsync(
        RenderTemplateRequest request, ClaimsPrincipal user, TemplateChanges changes, CancellationToken cancellationToken) =>
        Preview(await changes.PreviewUnsavedAsync(user.TenantId(), request, cancellationToken));

    private static async Task<Results<Ok<RenderedTemplate>, ProblemHttpResult>> RenderStoredAsync(
        string id, RenderTemplateRequest request, ClaimsPrincipal user, TemplateChanges changes, CancellationToken cancellationToken) =>
        await changes.PreviewStoredAsync(user.TenantId(), id, request, cancellationToken) is { } preview ? Preview(preview) : Problems.NotFound("template");

    /// <summary>200 with the three parts, or 422 listing every problem: each part's error and every variable without a value.</summary>
    private static Results<Ok<RenderedTemplate>, ProblemHttpResult> Preview((RenderedTemplate? Rendered, Dictionary<string, string[]> Errors) preview) =>
        preview.Rendered is { } rendered ? TypedResults.Ok(rendered) : Problems.Validation(preview.Errors);
}
