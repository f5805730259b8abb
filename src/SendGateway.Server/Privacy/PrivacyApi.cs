using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Privacy;

/// <summary><c>/v1/privacy</c> (api.md §5, scope <c>manage</c>): erasure of recipients and export of one recipient's data.</summary>
internal static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/privacy").WithTags("Privacy").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Owner)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/erasures", EraseAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("EraseRecipients").WithSummary("Erase recipients from messages, events, queued mail, webhook batches and stored responses; they stay suppressed by keyed hash only.");
        group.MapGet("/export", ExportAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ExportRecipient").WithSummary("Everything held about one recipient, as JSON.");
        return app;
    }

    private static async Task<Results<Ok<ErasureResult>, ProblemHttpResult>> EraseAsync(
        ErasureRequest request, ClaimsPrincipal user, RecipientErasure erasure, CancellationToken cancellationToken) =>
        await erasure.EraseAsync(user.TenantId(), request.Emails ?? [], cancellationToken) is { } result
            ? TypedResults.Ok(result)
            : Problems.Validation("emails", $"Between 1 and {RecipientErasure.MaxEmails} valid email addresses are required.");

    private static async Task<Results<Ok<PersonalDataExport>, ProblemHttpResult>> ExportAsync(
        string? email, ClaimsPrincipal user, RecipientExport export, CancellationToken cancellationToken) =>
        await export.ExportAsync(user.TenantId(), email, cancellationToken) is { } data ? TypedResults.Ok(data) : Problems.Validation("email", "A valid email address is required.");
}
