using Microsoft.Extensions.Options;
using SendGateway.Server.Tracking;

namespace SendGateway.Server.Hosting;

/// <summary>
/// When the public address (<c>SendGateway:Tracking:BaseUrl</c>) is HTTPS, a panel request that reached us over plain
/// HTTP (a proxy that ends TLS, with or without <c>X-Forwarded-Proto</c>) is treated as the HTTPS request it was for
/// the client: the panel's cookies (session, sign-in step, antiforgery, all <c>SameAsRequest</c>) are then
/// <c>Secure</c>, and antiforgery accepts them. Other paths keep the scheme they came with.
/// </summary>
internal sealed class PanelSchemeFromPublicAddress(RequestDelegate next, IOptions<TrackingOptions> tracking)
{
    private readonly bool _https = tracking.Value.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        if (_https && !context.Request.IsHttps && context.Request.Path.StartsWithSegments("/panel", StringComparison.OrdinalIgnoreCase))
        {
            context.Request.Scheme = Uri.UriSchemeHttps;
        }

        return next(context);
    }
}
