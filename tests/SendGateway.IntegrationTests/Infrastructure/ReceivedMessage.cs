using System.Net;
using MimeKit;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <param name="Client">The address the sending client connected from.</param>
/// <param name="Helo">The name the client gave in EHLO/HELO.</param>
public sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Content, IPEndPoint Server, IPAddress? Client = null, string? Helo = null)
{
    public MimeMessage Parse() => MimeMessage.Load(new MemoryStream(Content));
}
