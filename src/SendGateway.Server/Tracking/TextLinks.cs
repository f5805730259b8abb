using System.Text;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Tracked links in a plain-text part (the tenant's <c>track_text_links</c>): each <c>http://</c> or <c>https://</c>
/// URL, running to the next whitespace or angle bracket or quote, without the sentence's closing punctuation
/// (<c>.,;:!?</c>, and a <c>)</c> it did not open), is replaced when it is a well-formed absolute URL.
/// </summary>
internal static class TextLinks
{
    public static string Rewrite(string text, Func<string, string> trackedUrl, int maxLinks)
    {
        var result = new StringBuilder(text.Length + 256);
        var position = 0;
        var rewritten = 0;
        while (rewritten < maxLinks && Next(text, position) is { } start)
        {
            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or '>' or '"'))
            {
                end++;
            }

            while (end > start && (text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '\'' || (text[end - 1] == ')' && !text.AsSpan(start, end - start).Contains('('))))
            {
                end--;
            }

            var url = text[start..end];
            result.Append(text, position, start - position).Append(LinkRewriter.IsTrackable(url) ? trackedUrl(url) : url);
            rewritten += LinkRewriter.IsTrackable(url) ? 1 : 0;
            position = Math.Max(end, start + 1);
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    private static int? Next(string text, int from)
    {
        var http = text.IndexOf("http://", from, StringComparison.OrdinalIgnoreCase);
        var https = text.IndexOf("https://", from, StringComparison.OrdinalIgnoreCase);
        var first = http < 0 ? https : https < 0 ? http : Math.Min(http, https);
        return first < 0 ? null : first;
    }
}
