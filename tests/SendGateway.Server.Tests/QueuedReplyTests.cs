using SendGateway.Server.Messages;
using SendGateway.Server.Relay;

namespace SendGateway.Server.Tests;

/// <summary>The relay's 250 names the messages it queued, a few ids and then how many more, in one short line.</summary>
public sealed class QueuedReplyTests
{
    private static MessageAccepted Batch(int messages) =>
        new("bat_1", [.. Enumerable.Range(1, messages).Select(i => new AcceptedRecipient($"msg_{i}", $"r{i}@example.test", "accepted"))]);

    [Test]
    public void OneMessageIsNamed() => Assert.That(QueuedReply.Of(Batch(1)), Is.EqualTo("bat_1 (message msg_1)"));

    [Test]
    public void AFewMessagesAreAllNamed() => Assert.That(QueuedReply.Of(Batch(3)), Is.EqualTo("bat_1 (messages msg_1, msg_2, msg_3)"));

    [Test]
    public void ManyMessagesNameTheFirstFewAndCountTheRest()
    {
        var text = QueuedReply.Of(Batch(1000));
        Assert.That(text, Is.EqualTo("bat_1 (messages msg_1, msg_2, msg_3 and 997 more)"));
        Assert.That(text, Has.Length.LessThan(200), "one short reply line");
    }
}
