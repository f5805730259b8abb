using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.Pipeline;
using StackExchange.Redis;

namespace SendGateway.Server.Tests;

/// <summary>
/// reliability.md T113: every exception MailKit documents for ConnectAsync, SendAsync and NoOpAsync is the remote side's
/// doing and gets an outcome; a store failure (even a RedisTimeoutException, a TimeoutException) or a bug is not.
/// </summary>
[TestFixture]
public sealed class RemoteFailuresTests
{
    private static readonly DeliveryTarget Target = new("mx.example.test", IPAddress.Loopback, 25);

    public static IEnumerable<TestCaseData> Remote => new Exception[]
    {
        new IOException("reset"), new SocketException((int)SocketError.ConnectionReset), new TimeoutException(), new OperationCanceledException(),
        new SmtpProtocolException("Unable to parse status code returned by the server."),
        new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "4.3.2 bye"),
        new SslHandshakeException("bad record"), new System.Security.Authentication.AuthenticationException("handshake"),
        new ServiceNotConnectedException("gone"), new ServiceNotAuthenticatedException("5.7.0 Authentication required"),
        new NotSupportedException("The SMTP server does not support the 8BITMIME extension."),
    }.Select(e => new TestCaseData(e).SetArgDisplayNames(e.GetType().Name));

    public static IEnumerable<TestCaseData> NotRemote => new Exception[]
    {
        new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent),
        new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "closed", null, CommandStatus.Sent),
        new KeyNotFoundException(), new System.Text.Json.JsonException(), new InvalidOperationException(), new ArgumentException(),
    }.Select(e => new TestCaseData(e).SetArgDisplayNames(e.GetType().Name));

    [TestCaseSource(nameof(Remote))]
    public void MailKitsExceptionsAreTheRemoteSidesAndGetATemporaryOutcomeAtConnect(Exception e)
    {
        Assert.That(RemoteFailures.IsRemote(e, CancellationToken.None), Is.True);
        var outcome = RemoteFailures.AtConnect(e, Target, 1);
        Assert.That(outcome.Type, Is.EqualTo("softbounce"));
        Assert.That(outcome.Smtp!.Response, Is.Not.Empty);
    }

    [TestCaseSource(nameof(NotRemote))]
    public void StoreFailuresAndBugsAreNotBlamedOnTheRemoteSide(Exception e) =>
        Assert.That(RemoteFailures.IsRemote(e, CancellationToken.None), Is.False);

    [Test]
    public void OurOwnStopIsNotTheRemoteSides()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.That(RemoteFailures.IsRemote(new OperationCanceledException(stop.Token), stop.Token), Is.False);
    }

    [TestCase(SmtpErrorCode.MessageNotAccepted, 451, "4.3.0 try later", "softbounce", "451 4.3.0 try later")]
    [TestCase(SmtpErrorCode.RecipientNotAccepted, 550, "5.1.1 no such user", "hardbounce", "550 5.1.1 no such user")]
    [TestCase(SmtpErrorCode.RecipientNotAccepted, 552, "5.2.2 mailbox full", "softbounce", "552 5.2.2 mailbox full")] // RFC 5321 §4.5.3.1.10: as 452 (T66)
    [TestCase(SmtpErrorCode.MessageNotAccepted, 552, "5.3.4 message too big", "hardbounce", "552 5.3.4 message too big")]
    [TestCase(SmtpErrorCode.UnexpectedStatusCode, 250, "2.0.0 Ok", "softbounce", "Unexpected reply to a command: 250 2.0.0 Ok")]
    [TestCase(SmtpErrorCode.UnexpectedStatusCode, 354, "go on", "softbounce", "Unexpected reply to a command: 354 go on")]
    [TestCase(SmtpErrorCode.UnexpectedStatusCode, 600, "6.0.0 odd", "softbounce", "Unexpected reply to a command: 600 6.0.0 odd")]
    public void ARefusedReplyIsClassifiedByItsCodeAndAnOddCodeIsNeverADelivery(SmtpErrorCode error, int code, string text, string type, string response)
    {
        using var connection = new PooledConnection(new DeliverySmtpClient(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)), Target, "127.0.0.1");
        var outcome = RemoteFailures.Reply(new SmtpCommandException(error, (SmtpStatusCode)code, text), connection, Target, 1);
        Assert.That(outcome.Type, Is.EqualTo(type));
        Assert.That(outcome.Smtp!.Response, Is.EqualTo(response));
        Assert.That(outcome.Smtp.Code, Is.EqualTo(code));
    }

    [TestCase(SmtpErrorCode.MessageNotAccepted, 251, true)]
    [TestCase(SmtpErrorCode.MessageNotAccepted, 451, false)]
    [TestCase(SmtpErrorCode.UnexpectedStatusCode, 250, false)]
    public void OnlyA2xxToTheDotIsTheServerTakingTheMessage(SmtpErrorCode error, int code, bool accepted) =>
        Assert.That(RemoteFailures.IsAcceptedAfterDot(new SmtpCommandException(error, (SmtpStatusCode)code, "x")), Is.EqualTo(accepted));

    [Test]
    public void A530MailKitThrowsAsNotAuthenticatedIsAHardBounceWithTheReply()
    {
        using var connection = new PooledConnection(new DeliverySmtpClient(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)), Target, "127.0.0.1");
        var outcome = RemoteFailures.InTransaction(new ServiceNotAuthenticatedException("5.7.0 Authentication required"), connection, Target, 1);
        Assert.That(outcome.Type, Is.EqualTo("hardbounce"));
        Assert.That(outcome.Smtp!.Code, Is.EqualTo(530));
        Assert.That(outcome.Smtp.Response, Is.EqualTo("530 5.7.0 Authentication required"));
    }
}
