using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace SendGateway.Server.Panel;

/// <summary>
/// A suspended tenant's panel is read-only: every form its people post (anything but signing in and out) is refused
/// with 403 and a page that says why, before the form is read. The layout shows the same notice on every page.
/// </summary>
internal sealed class SuspendedTenantGuard(RequestDelegate next)
{
    public const string Notice = "This account is suspended: the panel is read-only and nothing can be changed. Ask the service's operator to lift the suspension.";
    private static readonly string[] Open = ["/panel/login", "/panel/logout", "/panel/enrol"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWithSegments("/panel", StringComparison.OrdinalIgnoreCase)
            || Open.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        var session = await context.AuthenticateAsync(PanelAuthentication.Scheme);
        var tenantId = session.Succeeded ? session.Principal.FindFirstValue(PanelClaims.Tenant) : null;
        if (tenantId is null || !await IsSuspendedAsync(context, tenantId))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Suspended · SendGateway</title><link rel="stylesheet" href="{PanelAssets.StylesPath}"></head>
            <body><main id="main"><section class="card narrow"><h1>Nothing was changed</h1><p class="error" role="alert">{Notice}</p><p><a href="/panel">Back to the panel</a></p></section></main></body></html>
            """,
            context.RequestAborted);
    }

    public static async Task<bool> IsSuspendedAsync(HttpContext context, string tenantId) =>
        await context.RequestServices.GetRequiredService<ISuspendedTenants>().IsSuspendedAsync(tenantId, context.RequestAborted);
}
