using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Users;

/// <summary>
/// <c>/v1/users</c> (api.md §5, scope <c>manage</c>): the tenant's panel users. A new user gets a one-time link (mailed
/// by the service, or in the answer once) with which they set their own password and second factor; a reset clears
/// both and makes such a link; a role change or a reset ends the user's sessions.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Scopes.Manage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).WithName("CreateUser")
            .WithSummary("Invite a person with a role (owner, admin, developer, viewer): a one-time link, mailed by the service or returned here once, lets them set their own password and second factor; their account exists once they use it.");
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("List the tenant's panel users.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetUser").WithSummary("Get a panel user.");
        group.MapPatch("/{id}", UpdateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UpdateUser").WithSummary("Change a user's role; their sessions end.");
        group.MapPost("/{id}/reset", ResetAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("ResetUser").WithSummary("Clear the user's password and second factor (their sessions end) and make a one-time link, mailed by the service or returned here once, with which they set both again.");
        group.MapPost("/{id}/reset-second-factor", ResetAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("ResetUserSecondFactor").WithSummary("The same as POST /v1/users/{id}/reset (kept for older clients): the password is cleared too, and the answer carries the link.");
        group.MapDelete("/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeleteUser").WithSummary("Remove a panel user.");
        return app;
    }

    private static async Task<Results<Created<UserInvited>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, ClaimsPrincipal user, Invitations invitations, HttpContext context, CancellationToken cancellationToken)
    {
        var (errors, email) = NewUserCheck.Check(request.Email, request.Role, null);
        if (email is null)
        {
            return Problems.Validation(errors);
        }

        var outcome = await invitations.InviteAsync(user.TenantId(), email, request.Role!, InvitationAnswers.Actor(user), context.Request, cancellationToken);
        return outcome.Status == InvitationStatus.Issued
            ? TypedResults.Created($"/v1/users/{outcome.Invitation!.UserId}", UserInvited.From(outcome))
            : InvitationAnswers.Problem(outcome.Status);
    }

    private static async Task<Results<Ok<Page<UserView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, UserStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListAsync(user.TenantId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows.Select(UserView.From).ToList(), take, u => u.Email));
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, UserStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(user.TenantId(), id, cancellationToken) is { } found ? TypedResults.Ok(UserView.From(found)) : Problems.NotFound("user");

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateUserRequest request, ClaimsPrincipal user, UserStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(user.TenantId(), id, cancellationToken) is null)
        {
            return Problems.NotFound("user");
        }

        if (!PanelRoles.IsTenantRole(request.Role))
        {
            return Problems.Validation("role", $"One of {string.Join(", ", PanelRoles.TenantRoles)}.");
        }

        return await store.SetRoleAsync(user.TenantId(), id, request.Role!, cancellationToken) is { } updated
            ? TypedResults.Ok(UserView.From(updated))
            : Problems.NotFound("user");
    }

    private static async Task<Results<Ok<UserInvited>, ProblemHttpResult>> ResetAsync(
        string id, ClaimsPrincipal user, Invitations invitations, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await invitations.ResetAsync(user.TenantId(), id, InvitationAnswers.Actor(user), context.Request, cancellationToken);
        return outcome.Status == InvitationStatus.Issued ? TypedResults.Ok(UserInvited.From(outcome)) : InvitationAnswers.Problem(outcome.Status);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, UserStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(user.TenantId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("user");
}
