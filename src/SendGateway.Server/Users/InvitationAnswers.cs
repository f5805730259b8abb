using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SendGateway.Server.Users;

/// <summary>How <see cref="UsersApi"/> names the key that asked for a link, and answers a link it could not make.</summary>
internal static class InvitationAnswers
{
    public static string Actor(ClaimsPrincipal user) => $"key:{user.FindFirstValue(TenantClaims.Key)}";

    public static ProblemHttpResult Problem(InvitationStatus status) => status switch
    {
        InvitationStatus.Exists => Problems.Status(StatusCodes.Status409Conflict, "Conflict", "This address already has a panel account in this tenant.", "user_exists"),
        InvitationStatus.NotFound => Problems.NotFound("user"),
        _ => Problems.Status(StatusCodes.Status429TooManyRequests, "Too many open invitations",
            "The tenant has as many unused invitation links as allowed (SendGateway:Invitations:MaxOpenPerTenant); wait until some are used or expire.", "too_many_invitations"),
    };
}
