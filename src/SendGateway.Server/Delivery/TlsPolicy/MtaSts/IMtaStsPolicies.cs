namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>The MTA-STS policy of a recipient domain, from the cache shared by the nodes, fetched when missing, expired or re-announced.</summary>
internal interface IMtaStsPolicies
{
    Task<MtaStsLookup> GetAsync(string domain, CancellationToken cancellationToken);
}
