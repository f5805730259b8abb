namespace SendGateway.Server.Domains;

/// <summary>
/// The tracking host a sender domain may publish (<c>SendGateway:Tracking</c>): <c>{Subdomain}.{domain}</c> as a CNAME to
/// <see cref="Target"/>. Tracking's options implement it, so domains read the one tracking section without depending on
/// tracking (tracking reads the verified hosts).
/// </summary>
internal interface ITrackingHost
{
    /// <summary>The label before the sender domain: <c>track</c> → <c>track.example.com</c>.</summary>
    string Subdomain { get; }

    /// <summary>What the tenant's tracking host must be a CNAME of.</summary>
    string Target { get; }

    /// <summary>How often each process reloads the verified tracking hosts.</summary>
    TimeSpan HostRefresh { get; }
}
