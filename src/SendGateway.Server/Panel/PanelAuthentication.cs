using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Panel;

/// <summary>
/// The panel's two cookies, both HttpOnly, SameSite=Strict, Secure over HTTPS (and whenever the public address is HTTPS:
/// <c>Hosting/PanelSchemeFromPublicAddress</c>), and scoped to <c>/panel</c>: the session (<c>sg_panel</c>, a reference to a session in Redis,
/// <see cref="PanelSessionStore"/>; ends after <see cref="PanelOptions.IdleTimeout"/> without use, on sign-out (deleted
/// on the server), and on "sign out everywhere", a role change or a factor reset, which change the user's session
/// stamp, checked on every request), and the short one between password and code (<c>sg_panel_step</c>).
/// </summary>
internal static class PanelAuthentication
{
    public const string Scheme = "panel";
    public const string StepScheme = "panel-step";

    public static AuthenticationBuilder AddPanelCookies(this AuthenticationBuilder builder)
    {
        builder.AddCookie(Scheme, o =>
        {
            Secure(o, "sg_panel");
            o.LoginPath = "/panel/login";
            o.AccessDeniedPath = "/panel/denied";
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateStampAsync;
        });
        builder.AddCookie(StepScheme, o =>
        {
            Secure(o, "sg_panel_step");
            o.LoginPath = "/panel/login";
            o.SlidingExpiration = false;
        });
        builder.Services.AddSingleton<PanelSessionStore>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<PanelOptions>, PanelSessionStore>((o, panel, sessions) =>
        {
            o.ExpireTimeSpan = panel.Value.IdleTimeout;
            o.SessionStore = sessions; // the cookie is a reference: sign-out ends the session on the server
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(StepScheme).Configure<IOptions<PanelOptions>>((o, panel) => o.ExpireTimeSpan = panel.Value.SecondStepTimeout);
        return builder;
    }

    /// <summary>The person between password and code, or null (no step cookie, or it expired).</summary>
    public static async Task<(string UserId, string Step)?> SecondStepAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(StepScheme);
        return result.Succeeded && result.Principal.FindFirstValue(PanelClaims.UserId) is { } id && result.Principal.FindFirstValue(PanelClaims.Step) is { } step
            ? (id, step)
            : null;
    }

    /// <summary>Between password and code: the short step cookie naming the person and what comes next (<c>code</c> or <c>enrol</c>).</summary>
    public static async Task BeginSecondStepAsync(HttpContext context, string userId, string step) =>
        await context.SignInAsync(StepScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PanelClaims.UserId, userId), new Claim(PanelClaims.Step, step)], StepScheme)));

    /// <summary>The session: the step cookie goes, the session cookie carries the person (<see cref="PanelClaims"/>).</summary>
    public static async Task SignInAsync(HttpContext context, string userId, string role, string email, string stamp, string? tenantId)
    {
        await context.SignOutAsync(StepScheme);
        List<Claim> claims =
        [
            new(PanelClaims.UserId, userId), new(PanelClaims.Role, role), new(PanelClaims.Email, email), new(PanelClaims.Stamp, stamp),
        ];
        if (tenantId is not null)
        {
            claims.Add(new Claim(PanelClaims.Tenant, tenantId));
        }

        await context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, PanelClaims.Email, PanelClaims.Role)));
    }

    private static void Secure(CookieAuthenticationOptions options, string name)
    {
        options.Cookie.Name = name;
        options.Cookie.Path = "/panel";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // also Secure when the public address is HTTPS (Hosting/PanelSchemeFromPublicAddress)
        options.Cookie.IsEssential = true;
    }

    /// <summary>The session is still the user's: they exist, and their stamp (role, factor, "sign out everywhere") is unchanged (<see cref="IPanelSessionCheck"/>).</summary>
    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<IPanelSessionCheck>();
        var id = context.Principal?.FindFirstValue(PanelClaims.UserId);
        if (id is null || !await sessions.IsCurrentAsync(id, context.Principal!.FindFirstValue(PanelClaims.Stamp), context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
