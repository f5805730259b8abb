using Microsoft.Extensions.Options;

namespace SendGateway.Server.Webhooks;

/// <summary>Registration-time checks of a webhook URL (reliability.md T47); the connect-time check repeats the address part.</summary>
internal sealed class WebhookUrls(WebhookResolver resolver, IOptions<WebhooksOptions> options)
{
    /// <summary>Null when <paramref name="url"/> may be registered, else why not.</summary>
    public async Task<string?> ValidateAsync(string? url, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (string.IsNullOrWhiteSpace(url) || url.Length > limits.MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"An absolute http(s) URL of at most {limits.MaxUrlLength} characters is required.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "Only http and https URLs are allowed.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "The URL must not contain credentials or a fragment.";
        }

        if (limits.AllowPrivateNetworks)
        {
            return null;
        }

        if (WebhookAddressGuard.IsBlockedPort(uri.Port))
        {
            return $"Port {uri.Port} is not allowed for webhooks.";
        }

        var literal = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || System.Net.IPAddress.TryParse(uri.DnsSafeHost, out _);
        if (!literal && WebhookAddressGuard.IsBlockedName(uri.DnsSafeHost))
        {
            return "The host name is internal.";
        }

        var addresses = await resolver.ResolveAsync(uri.DnsSafeHost, cancellationToken);
        if (addresses.Count == 0)
        {
            return "The host name does not resolve.";
        }

        return addresses.Any(WebhookAddressGuard.IsBlocked)
            ? "The URL resolves to a loopback, private, link-local or otherwise internal address."
            : null;
    }
}
