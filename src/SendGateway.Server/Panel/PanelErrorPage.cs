using System.Diagnostics;
using System.Net;

namespace SendGateway.Server.Panel;

/// <summary>
/// The page a browser gets under <c>/panel</c> for an answer with no body of its own (an unknown page: 404; a failure of
/// the server: 500; others by their status): the panel's look (its stylesheet, the top bar, a card), a title, a short
/// text and a link back to the overview, with the status kept. Written directly, not rendered through the router, so it
/// answers for any method and whatever failed. The REST API's answers stay problem details (<see cref="PanelStatusPages"/>).
/// </summary>
internal static class PanelErrorPage
{
    public static bool Covers(HttpContext context) => context.Request.Path.StartsWithSegments("/panel", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var status = context.Response.StatusCode;
        var (title, text) = Texts(status);
        var reference = status >= 500 ? $"<p class=\"muted\">Reference for the operator: <code>{WebUtility.HtmlEncode(Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier)}</code></p>" : string.Empty;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
            <title>{title} · SendGateway</title><link rel="icon" href="{PanelAssets.IconPath}" type="image/svg+xml"><link rel="stylesheet" href="{PanelAssets.StylesPath}"></head>
            <body><header class="top"><a class="brand" href="/panel">SendGateway</a></header>
            <main id="main"><section class="card narrow" data-error="{status}"><h1>{title}</h1><p>{text}</p>{reference}<p><a href="/panel">Back to the overview</a></p></section></main></body></html>
            """,
            cancellationToken);
    }

    private static (string Title, string Text) Texts(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("Bad request", "The server could not read what was sent. Go back, reload the page and try again."),
        StatusCodes.Status403Forbidden => ("Not allowed", "Your role does not include this. Ask an admin or owner of your account."),
        StatusCodes.Status404NotFound => ("Page not found", "There is no page at this address: the link may be wrong, or what it showed was deleted."),
        StatusCodes.Status405MethodNotAllowed => ("Not allowed here", "This page does not take that kind of request. Go back and use the page's own buttons."),
        >= 500 => ("Something went wrong", "The server failed to answer this page; nothing was changed by it. Try again in a moment, and if it keeps failing, tell the service's operator."),
        _ => ($"Error {status}", WebUtility.HtmlEncode(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status))),
    };
}
