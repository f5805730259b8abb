namespace SendGateway.Server.Webhooks;

/// <summary>
/// A webhook URL as people below developer see it: scheme, host and port only (<c>https://hooks.example.com/…</c>).
/// Paths, queries and user info often carry the receiver's credentials.
/// </summary>
internal static class WebhookUrlMask
{
    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Authority.Length > 0 ? $"{uri.Scheme}://{uri.Authority}/…" : "…";
}
