namespace SendGateway.Server.Domains;

/// <summary>
/// The platform's bounce domain (<c>SendGateway:Bounces:Domain</c>, validated with the bounce listener's options), which
/// a sender domain's return-path CNAME points to. Read here on its own so domains do not depend on the bounce listener.
/// </summary>
public sealed class ReturnPathOptions
{
    public string Domain { get; set; } = "bounces.localhost";
}
