namespace SendGateway.Server.Panel;

/// <summary>
/// Headers on every <c>/panel</c> answer: a Content-Security-Policy that allows only this origin's stylesheet and
/// images and its one script file (copy buttons; no inline script, no other origin; <c>data:</c> images for the enrolment QR code), frames of its own (template previews, a message's HTML part: <c>Messages/Panel/ContentFrameEndpoint</c>), no framing by others, no referrer, no caching.
/// </summary>
internal sealed class PanelSecurityHeaders(RequestDelegate next)
{
    public const string Policy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        Apply(context);
        return next(context);
    }

    /// <summary>The headers on a <c>/panel</c> answer (again after the exception handler cleared the response: <see cref="PanelExceptionHandler"/>).</summary>
    public static void Apply(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/panel", StringComparison.OrdinalIgnoreCase))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!PanelAssets.IsAsset(context.Request.Path))
            {
                // What antiforgery sets on a page with a form; anything else makes it override and log a warning per page.
                headers.CacheControl = "no-cache, no-store";
                headers.Pragma = "no-cache";
            }
        }
    }
}
