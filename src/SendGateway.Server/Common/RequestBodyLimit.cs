using Microsoft.AspNetCore.Http.Features;

namespace SendGateway.Server.Common;

/// <summary>
/// One endpoint's own body limit in place of Kestrel's (30 MB by default), for the endpoints whose option allows a
/// different size (a message, a CSV import, an EmailLabs form, a raw body under an Idempotency-Key).
/// </summary>
internal static class RequestBodyLimit
{
    /// <summary>
    /// Sets this request's body limit to <paramref name="maxBytes"/> where the server still lets it change (before the
    /// body is read; not on a server without the feature). Callers still compare <c>Content-Length</c> themselves to
    /// answer their own 413.
    /// </summary>
    public static void Set(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }
    }
}
