using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Suppressions;

/// <summary><c>/v1/suppressions</c> (api.md §5, scope <c>manage</c>): list, add, check, delete, CSV export and import.</summary>
internal static class SuppressionsApi
{
    public static IEndpointRouteBuilder MapSuppressionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/suppressions").WithTags("Suppressions").RequireAuthorization(Scopes.Manage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListSuppressions").WithSummary("List active entries; filter by `email` (an address or @domain) and `reason`.");
        group.MapPost("/", AddAsync).RequireRole(TenantRoles.Developer).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("AddSuppressions").WithSummary("Add one or many entries (`reason` defaults to manual); an existing entry is replaced.");
        group.MapGet("/export", ExportAsync).RequireRole(TenantRoles.Developer).Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithName("ExportSuppressions").WithSummary("Every active entry as CSV: email,reason,created_at,expires_at.");
        group.MapPost("/import", ImportAsync).RequireRole(TenantRoles.Developer).Accepts<string>("text/csv")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportSuppressions").WithSummary("Add entries from CSV (email[,reason[,expires_at]], optional header); all lines or none.");
        group.MapGet("/{email}", CheckAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("CheckSuppression").WithSummary("Whether an address is suppressed: the entry that blocks it (its own or its domain's), or 404.");
        group.MapDelete("/{email}", DeleteAsync).RequireRole(TenantRoles.Developer).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteSuppression").WithSummary("Remove an entry (an address or @domain).");
        return app;
    }

    private static async Task<Results<Ok<Page<Suppression>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, SuppressionStore store, string? email, string? reason, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var key = email is null ? null : SuppressionKeys.Normalize(email);
        if (email is not null && key is null)
        {
            return Problems.Validation("email", "email must be an address or @domain.");
        }

        if (reason is not null && !SuppressionReasons.IsValid(reason))
        {
            return Problems.Validation("reason", $"reason must be one of {string.Join(", ", SuppressionReasons.All)}.");
        }

        var rows = await store.ListAsync(user.TenantId(), key, reason, cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, s => s.Email));
    }

    private static async Task<Results<Ok<SuppressionsAdded>, ProblemHttpResult>> AddAsync(
        AddSuppressionsRequest request, ClaimsPrincipal user, SuppressionChanges changes, CancellationToken cancellationToken) =>
        await changes.AddAsync(user.TenantId(), request.Suppressions ?? [], cancellationToken) is (var errors, var added) && added is not null
            ? TypedResults.Ok(added)
            : Problems.Validation(errors);

    private static async Task<Results<Ok<Suppression>, ProblemHttpResult>> CheckAsync(
        string email, ClaimsPrincipal user, SuppressionStore store, AddressHashes hashes, CancellationToken cancellationToken)
    {
        var key = SuppressionKeys.Normalize(email);
        if (key is null)
        {
            return Problems.NotFound("suppression");
        }

        return await store.FindAsync(user.TenantId(), SuppressionKeys.Lookup(key, hashes), cancellationToken) is { } entry ? TypedResults.Ok(entry) : Problems.NotFound("suppression");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string email, ClaimsPrincipal user, SuppressionChanges changes, CancellationToken cancellationToken) =>
        await changes.RemoveAsync(user.TenantId(), email, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("suppression");

    private static async Task ExportAsync(HttpContext context, ClaimsPrincipal user, SuppressionChanges changes, CancellationToken cancellationToken) =>
        await changes.ExportAsync(context, user.TenantId(), cancellationToken);

    private static async Task<Results<Ok<SuppressionsAdded>, ProblemHttpResult>> ImportAsync(
        HttpContext context, ClaimsPrincipal user, SuppressionChanges changes, IOptions<SuppressionsOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        RequestBodyLimit.Set(context, limits.MaxImportBytes);

        if (context.Request.ContentLength > limits.MaxImportBytes)
        {
            return TooLarge(limits);
        }

        if (context.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the list as text/csv.", "unsupported_media_type");
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var import = await changes.ImportAsync(user.TenantId(), reader, cancellationToken);
            return import.TooManyLines
                ? Problems.Status(StatusCodes.Status413PayloadTooLarge, "Too many lines", $"An import is limited to {limits.MaxImportRows} lines.", "payload_too_large")
                : import.RefusedLines > 0
                ? Problems.Validation(import.Errors, $"Nothing was imported: fix these lines (at most the first {SuppressionChanges.MaxReportedErrors} are listed).")
                : TypedResults.Ok(new SuppressionsAdded(import.Imported, []));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limits);
        }
    }

    private static ProblemHttpResult TooLarge(SuppressionsOptions limits) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Imports are limited to {limits.MaxImportBytes} bytes.", "payload_too_large");
}
