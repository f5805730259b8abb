using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using SendGateway.Server.Panel;

namespace SendGateway.Server.Users.Panel;

/// <summary>
/// <c>POST /panel/logout</c> from the layout's two buttons: ends this session, or with <c>everywhere</c> every session
/// of the user (a new session stamp). The antiforgery middleware checks the form's token; without a valid one, 400.
/// </summary>
internal static class SignOutEndpoint
{
    public static IEndpointRouteBuilder MapPanelSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/panel/logout", SignOutAsync).RequireAuthorization(PanelPolicies.SignedIn).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignOutAsync(
        HttpContext context, UserStore users, PanelAudit audit, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true } || !context.Request.HasFormContentType)
        {
            return Results.BadRequest();
        }

        var all = (await context.Request.ReadFormAsync(cancellationToken))["everywhere"] == "true";
        if (all)
        {
            await users.NewSessionStampAsync(context.User.UserIdOf(), cancellationToken);
        }

        await audit.RecordAsync(context.User, all ? AuditActions.SignOutEverywhere : AuditActions.SignOut, null, context, cancellationToken);
        await context.SignOutAsync(PanelAuthentication.Scheme);
        return Results.Redirect("/panel/login");
    }
}
