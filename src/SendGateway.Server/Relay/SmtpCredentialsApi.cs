using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Relay;

/// <summary><c>/v1/smtp-credentials</c> (api.md §5, scope <c>manage</c>): the password is returned once, at creation.</summary>
internal static class SmtpCredentialsApi
{
    public static IEndpointRouteBuilder MapSmtpCredentialsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/smtp-credentials").WithTags("SMTP credentials").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateSmtpCredential").WithSummary("Create SMTP relay credentials; the password is shown only in this response.");
        group.MapGet("/", ListAsync).WithName("ListSmtpCredentials").WithSummary("List SMTP credentials (without passwords).");
        group.MapPatch("/{id}", UpdateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UpdateSmtpCredential").WithSummary("Change the credentials' default stream (`default_stream`; null: transactional).");
        group.MapDelete("/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteSmtpCredential").WithSummary("Revoke SMTP credentials.");
        return app;
    }

    private static async Task<Results<Created<SmtpCredentialCreated>, ProblemHttpResult>> CreateAsync(
        CreateSmtpCredentialRequest request, ClaimsPrincipal user, SmtpCredentialChanges changes, CancellationToken cancellationToken)
    {
        var (errors, created) = await changes.CreateAsync(user.TenantId(), request.Name, request.DefaultStream, cancellationToken);
        return created is not null
            ? TypedResults.Created($"/v1/smtp-credentials/{created.Id}", created)
            : Problems.Validation(errors, errors.First().Value[0]);
    }

    private static async Task<Results<Ok<Page<SmtpCredential>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, SmtpCredentialStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListAsync(user.TenantId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, c => c.Id));
    }

    private static async Task<Results<Ok<SmtpCredential>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateSmtpCredentialRequest request, ClaimsPrincipal user, SmtpCredentialChanges changes, CancellationToken cancellationToken)
    {
        var (errors, updated) = await changes.SetDefaultStreamAsync(user.TenantId(), id, request.DefaultStream, cancellationToken);
        return updated is not null ? TypedResults.Ok(updated) : errors.Count > 0 ? Problems.Validation(errors, errors.First().Value[0]) : Problems.NotFound("SMTP credential");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, SmtpCredentialChanges changes, CancellationToken cancellationToken) =>
        await changes.RevokeAsync(user.TenantId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("SMTP credential");
}
