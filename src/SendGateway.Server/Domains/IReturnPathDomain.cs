namespace SendGateway.Server.Domains;

/// <summary>
/// The platform's bounce domain (<c>SendGateway:Bounces:Domain</c>), which a sender domain's return-path CNAME points
/// to. Bounces' options implement it, so domains read the one bounce section without depending on the bounce listener.
/// </summary>
internal interface IReturnPathDomain
{
    string Domain { get; }
}
