namespace SendGateway.Server.Delivery.Connections;

/// <summary>The DNS seam (style.md F4): which hosts receive a domain's mail.</summary>
internal interface IMxResolver
{
    Task<ResolveOutcome> ResolveAsync(string domain, int attempt, CancellationToken cancellationToken);
}
