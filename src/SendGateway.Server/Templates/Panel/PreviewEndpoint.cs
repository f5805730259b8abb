using SendGateway.Server.Panel;

namespace SendGateway.Server.Templates.Panel;

/// <summary>
/// <c>GET /panel/templates/preview/{key}</c>: a rendered preview for the Templates page's frame, under a policy of its
/// own: the email's inline styles and https images, no script, no form, framed only by the panel. Not sandboxed: with
/// a sandboxed preview frame (attribute or CSP) Chromium stopped submitting the page's own forms under Playwright, and
/// without script the sandbox adds nothing here.
/// </summary>
internal static class PreviewEndpoint
{
    public const string Policy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

    public static IEndpointRouteBuilder MapPanelTemplatePreview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/panel/templates/preview/{key}", Preview).RequireAuthorization(PanelPolicies.Tenant).ExcludeFromDescription();
        return app;
    }

    private static IResult Preview(string key, HttpContext context, TemplatePreviews previews)
    {
        if (previews.Get(key, context.User.TenantOf()!, context.User.UserIdOf()!) is not { } html)
        {
            return Results.Text("This preview has expired; render it again.", "text/plain", statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
