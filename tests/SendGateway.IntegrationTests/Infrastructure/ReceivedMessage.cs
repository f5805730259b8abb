using System.Net;
using MimeKit;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <param name="Client">The address the sending client connected from.</param>
/// <param name="Helo">The name the client gave in EHLO/HELO.</param>
/// <param name="DeclaredSize">The <c>SIZE=</c> parameter of the client's MAIL command, if it gave one (RFC 1870).</param>
public sealed record ReceivedMessage(
    string MailFrom, IReadOnlyList<string> Recipients, byte[] Content, IPEndPoint Server, IPAddress? Client = null, string? Helo = null, long? DeclaredSize = null)
{
    public MimeMessage Parse() => MimeMessage.Load(new MemoryStream(Content));
}
