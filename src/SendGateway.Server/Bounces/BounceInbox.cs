using System.Net;
using Microsoft.Extensions.Options;
using SendGateway.Server.Inbound;
using SendGateway.Smtp;

namespace SendGateway.Server.Bounces;

/// <summary>
/// The bounce domain's inbound mail (<c>Bounces:Port</c>, events role): the listener's place and limits from
/// <see cref="BounceOptions"/>, each session a <see cref="BounceSessionHandler"/>.
/// </summary>
internal sealed class BounceInbox(VerpAddresses verp, BounceRecorder recorder, IOptions<BounceOptions> options, ILogger<BounceInbox> logger) : IInboundMail
{
    public InboundEndpoint? Endpoint
    {
        get
        {
            var o = options.Value;
            if (o.Port == 0)
            {
                return null;
            }

            var session = new SmtpSessionOptions
            {
                HostName = o.HostName,
                Limits = new SmtpLimits { MaxMessageBytes = o.MaxMessageBytes, MaxRecipients = o.MaxRecipients, CommandTimeout = o.CommandTimeout, DataTimeout = o.DataTimeout },
            };
            return new InboundEndpoint(new IPEndPoint(IPAddress.Parse(o.ListenAddress), o.Port), o.Domain, session, o.MaxConnections);
        }
    }

    public ISmtpSessionHandler OpenSession() => new BounceSessionHandler(verp, recorder, logger);
}
