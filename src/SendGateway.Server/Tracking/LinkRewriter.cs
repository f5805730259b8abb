using AngleSharp;
using AngleSharp.Html.Parser;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Rewrites an HTML part with a real HTML5 parser (AngleSharp), never regular expressions: each well-formed absolute
/// http(s) link becomes a tracked one (the original, query and fragment included, goes into its token as the browser
/// would read the attribute), a link with <c>data-sg-notrack</c> stays (the attribute goes), <c>mailto:</c>,
/// <c>tel:</c>, anchors and anything else stay; the pixel goes at the end of the body.
/// </summary>
internal static class LinkRewriter
{
    public static string Rewrite(string html, Func<string, string>? trackedUrl, string? pixelUrl, int maxLinks, string? unsubscribeUrl = null)
    {
        var document = new HtmlParser().ParseDocument(html);
        var rewritten = 0;
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            if (link.HasAttribute("data-sg-notrack"))
            {
                link.RemoveAttribute("data-sg-notrack");
                continue;
            }

            var href = link.GetAttribute("href")!;
            if (trackedUrl is not null && rewritten < maxLinks && IsTrackable(href))
            {
                link.SetAttribute("href", trackedUrl(href));
                rewritten++;
            }
        }

        var body = document.Body ?? document.DocumentElement;
        if (unsubscribeUrl is not null)
        {
            var footer = document.CreateElement("p");
            footer.SetAttribute("style", "font-size:12px;color:#666666");
            var link = document.CreateElement("a");
            link.SetAttribute("href", unsubscribeUrl);
            link.TextContent = "Unsubscribe";
            footer.AppendChild(link);
            body.AppendChild(footer);
        }

        if (pixelUrl is not null)
        {
            var pixel = document.CreateElement("img");
            pixel.SetAttribute("src", pixelUrl);
            pixel.SetAttribute("width", "1");
            pixel.SetAttribute("height", "1");
            pixel.SetAttribute("alt", "");
            pixel.SetAttribute("style", "display:block;border:0;width:1px;height:1px");
            body.AppendChild(pixel);
        }

        return document.ToHtml();
    }

    /// <summary>An absolute http(s) URL with a host, written without surrounding spaces.</summary>
    public static bool IsTrackable(string href) =>
        href.Length > 0 && !char.IsWhiteSpace(href[0]) && !char.IsWhiteSpace(href[^1])
        && Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
}
