using System.Net;
using SendGateway.Smtp;

namespace SendGateway.Server.Inbound;

/// <summary>Where the inbound listener binds, the mail domain it receives for (logged), its session limits and connection cap.</summary>
internal sealed record InboundEndpoint(IPEndPoint Address, string Domain, SmtpSessionOptions Session, int MaxConnections);
