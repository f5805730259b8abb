using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Users;

/// <summary>
/// <c>/v1/users</c> (api.md §5, scope <c>manage</c>): the tenant's panel users. A new user gets a password (made when
/// none is given, shown once) and enrols a second factor at the first sign-in; a role change or a factor reset ends
/// the user's sessions. Keys whose role ceiling is below <c>admin</c> get 403; the role rules are the panel's
/// (<see cref="UserChangeRules"/>, the key's ceiling as the actor's role), and each refusal is a 403 naming its rule, audited.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateUser").WithSummary("Add a panel user with a role (owner, admin, developer, viewer); a password is made when none is given and shown only here.");
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("List the tenant's panel users.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetUser").WithSummary("Get a panel user.");
        group.MapPatch("/{id}", UpdateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UpdateUser").WithSummary("Change a user's role; their sessions end.");
        group.MapPost("/{id}/reset-second-factor", ResetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ResetUserSecondFactor").WithSummary("Remove the user's second factor: they enrol a new one at the next sign-in; their sessions end.");
        group.MapDelete("/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeleteUser").WithSummary("Remove a panel user.");
        return app;
    }

    private static async Task<Results<Created<UserCreated>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, ClaimsPrincipal user, UserAccounts accounts, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var (errors, email) = NewUserCheck.Check(request.Email, request.Role, request.Password);
        if (email is null)
        {
            return Problems.Validation(errors);
        }

        if (UserChangeRules.ForNewUser(user.KeyOf().Role, request.Role!) is { } refusal)
        {
            return await refusal.RecordAsync(audit, context, null, cancellationToken);
        }

        var created = await accounts.CreateAsync(user.TenantId(), email, request.Role!, request.Password, enrolTotp: false, cancellationToken);
        return created is null
            ? Problems.Status(StatusCodes.Status409Conflict, "Conflict", "This address already has a panel account.", "user_exists")
            : TypedResults.Created($"/v1/users/{created.Id}", created);
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

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetAsync(
        string id, ClaimsPrincipal user, UserStore store, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        await ChangeAsync(id, UserChangeKind.ResetFactor, null, user, store, audit, context, cancellationToken) switch
        {
            (_, { } refused) => refused,
            ({ }, _) => TypedResults.NoContent(),
            _ => Problems.NotFound("user"),
        };

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
