using System.Net;
using MimeKit;

namespace SendGateway.IntegrationTests.Infrastructure;

public sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Content, IPEndPoint Server)
{
    public MimeMessage Parse() => MimeMessage.Load(new MemoryStream(Content));
}
