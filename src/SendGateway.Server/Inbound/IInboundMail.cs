using SendGateway.Smtp;

namespace SendGateway.Server.Inbound;

/// <summary>
/// What <see cref="InboundListener"/> hands inbound mail to: the feature that receives mail implements it (today
/// Bounces, for the bounce domain), so the listener is a front that knows no feature's rules.
/// </summary>
internal interface IInboundMail
{
    /// <summary>Where and with which limits to listen, from the receiving feature's options; null for no listener.</summary>
    InboundEndpoint? Endpoint { get; }

    /// <summary>The handler of one inbound session: its replies to each recipient and to the message.</summary>
    ISmtpSessionHandler OpenSession();
}
