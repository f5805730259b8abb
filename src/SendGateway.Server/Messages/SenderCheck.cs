using SendGateway.Server.Domains;

namespace SendGateway.Server.Messages;

/// <summary>
/// Whether a tenant may send from a domain: <see cref="SenderState.Verified"/> only once the domain is proven; for a
/// domain it has added but not proven, the DKIM record it must publish (<see cref="Record"/>).
/// </summary>
internal sealed record SenderCheck(SenderState State, string Domain, DnsRecord? Record = null);
