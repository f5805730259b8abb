using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Users;

/// <summary>
/// <c>/v1/users</c> (api.md §5, scope <c>manage</c>, keys whose role ceiling is <c>admin</c> or more): the tenant's
/// panel users. A new user gets a one-time link (mailed by the service, or in the answer once) with which they set their
/// own password and second factor; a reset clears both and makes such a link; a role change or a reset ends the user's
/// sessions. The role rules are the panel's (<see cref="UserChangeRules"/>, the key's ceiling as the actor's role), and
/// each refusal is a 403 naming its rule, audited.
/// </summary>
internal static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Admin)
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
        CreateUserRequest request, ClaimsPrincipal user, Invitations invitations, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var (errors, email) = NewUserCheck.Check(request.Email, request.Role, null);
        if (email is null)
        {
            return Problems.Validation(errors);
        }

        if (UserChangeRules.ForNewUser(user.KeyOf().Role, request.Role!) is { } refusal)
        {
            return await refusal.RecordAsync(audit, context, null, cancellationToken);
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
        string id, UpdateUserRequest request, ClaimsPrincipal user, UserStore store, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(user.TenantId(), id, cancellationToken) is null)
        {
            return Problems.NotFound("user");
        }

        if (!PanelRoles.IsTenantRole(request.Role))
        {
            return Problems.Validation("role", $"One of {string.Join(", ", PanelRoles.TenantRoles)}.");
        }

        return await ChangeAsync(id, UserChangeKind.Role, request.Role, user, store, audit, context, cancellationToken) switch
        {
            (_, { } refused) => refused,
            ({ } updated, _) => TypedResults.Ok(UserView.From(updated)),
            _ => Problems.NotFound("user"),
        };
    }

    /// <summary>
    /// A reset under the role rules (only owners reset owners, never the last owner): the guarded change clears the
    /// second factor and ends the sessions, then the invitation clears the password and makes the one-time link.
    /// </summary>
    private static async Task<Results<Ok<UserInvited>, ProblemHttpResult>> ResetAsync(
        string id, ClaimsPrincipal user, UserStore store, Invitations invitations, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        switch (await ChangeAsync(id, UserChangeKind.ResetFactor, null, user, store, audit, context, cancellationToken))
        {
            case (_, { } refused):
                return refused;
            case (null, _):
                return Problems.NotFound("user");
        }

        var outcome = await invitations.ResetAsync(user.TenantId(), id, InvitationAnswers.Actor(user), context.Request, cancellationToken);
        return outcome.Status == InvitationStatus.Issued ? TypedResults.Ok(UserInvited.From(outcome)) : InvitationAnswers.Problem(outcome.Status);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ClaimsPrincipal user, UserStore store, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        await ChangeAsync(id, UserChangeKind.Delete, null, user, store, audit, context, cancellationToken) switch
        {
            (_, { } refused) => refused,
            ({ }, _) => TypedResults.NoContent(),
            _ => Problems.NotFound("user"),
        };

    /// <summary>The change under the role rules, the key's ceiling as the actor's role; a refusal is audited and answered 403.</summary>
    private static async Task<(PanelUser? User, ProblemHttpResult? Refused)> ChangeAsync(
        string id, UserChangeKind kind, string? role, ClaimsPrincipal user, UserStore store, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var actorRole = user.KeyOf().Role;
        var (changed, refusal) = await store.ChangeAsync(
            user.TenantId(), id, kind, role, (target, owners) => UserChangeRules.ForChange(actorRole, target, kind, role, owners), cancellationToken);
        return refusal is null ? (changed, null) : (changed, await refusal.RecordAsync(audit, context, $"id={id}", cancellationToken));
    }
}
