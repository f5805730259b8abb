namespace SendGateway.Server.Panel;

/// <summary>
/// Headers on every <c>/panel</c> answer: a Content-Security-Policy that allows only this origin's stylesheet and
/// images (no script at all, inline or not; <c>data:</c> images for the enrolment QR code), frames of its own (template previews), no framing by others, no referrer, no caching.
/// </summary>
public sealed class PanelSecurityHeaders(RequestDelegate next)
{
    public const string Policy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/panel", StringComparison.OrdinalIgnoreCase))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!context.Request.Path.Equals("/panel/panel.css", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
            }
        }

        return next(context);
    }
}
