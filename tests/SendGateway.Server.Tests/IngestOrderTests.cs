using SendGateway.Server.Events;
using SendGateway.Server.Messages;
using SendGateway.Server.Suppressions;
using SendGateway.Server.Tracking;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.Tests;

/// <summary>The ingest steps run in the one declared order (<see cref="IngestOrder"/>), and a step left out of it stops the store.</summary>
[TestFixture]
public sealed class IngestOrderTests
{
    [Test]
    public void EveryNameInTheOrderIsAnIngestStepOfTheServerListedOnce()
    {
        var names = IngestOrder.Steps.Select(s => s.Step).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names.Count(n => n == IngestOrder.Insert), Is.EqualTo(1), "the insert into events has one place");
        foreach (var name in names.Where(n => n != IngestOrder.Insert))
        {
            Assert.That(typeof(EventStore).Assembly.GetType(name)?.IsAssignableTo(typeof(IIngestStep)), Is.True, $"{name} is an ingest step");
        }

        Assert.That(IngestOrder.Steps.All(s => !string.IsNullOrWhiteSpace(s.Reason)), Is.True, "each place has its reason");
    }

    [Test]
    public void StepsRunInTheDeclaredOrderWhateverTheirRegistrationSplitAtTheInsert()
    {
        // Registered in the reverse of their order (the folders register in Program's order, which says nothing).
        IIngestStep[] registered = [new ContentArchiveStep(null!, null!, null!), new MessageStatusStep(), new SuppressionStep(null!), new WebhookOutboxStep(), new TrackedEventsStep()];

        var (before, after) = IngestOrder.Arrange(registered);

        Assert.That(before.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(TrackedEventsStep) }));
        Assert.That(after.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(WebhookOutboxStep), typeof(SuppressionStep), typeof(MessageStatusStep), typeof(ContentArchiveStep) }));
    }

    [Test]
    public void ARegisteredStepMissingFromTheOrderFailsTheStore()
    {
        var e = Assert.Throws<InvalidOperationException>(() => _ = new EventStore(null!, [new WebhookOutboxStep(), new UnlistedStep()]));
        Assert.That(e!.Message, Does.Contain(typeof(UnlistedStep).FullName).And.Contain(nameof(IngestOrder)));
    }

    private sealed class UnlistedStep : IIngestStep
    {
        public Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
