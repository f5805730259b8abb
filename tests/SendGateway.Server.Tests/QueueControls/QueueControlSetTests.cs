using SendGateway.Server.Delivery.Holds;
using SendGateway.Server.QueueControls;

namespace SendGateway.Server.Tests.QueueControls;

/// <summary>
/// What the controls in effect answer for one attempt: a hold applies to all mail while it lasts, a bounce and a rebind
/// only to mail accepted before them; a bounce wins over a hold and a hold over a rebind; a rebind to a held pool holds.
/// </summary>
[TestFixture]
public sealed class QueueControlSetTests
{
    private static readonly DateTime Created = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset Before = new(Created.AddMinutes(-1));
    private static readonly DateTimeOffset After = new(Created.AddMinutes(1));

    private static QueueControl Control(string id, string action, string scope, string value, string? toPool = null, int minutes = 0) =>
        new(id, action, scope, value, toPool, null, Created.AddMinutes(minutes), "operator", null, null);

    [Test]
    public void AHoldAppliesToMailAcceptedBeforeAndAfterItByTenantDomainOrPool()
    {
        var set = new QueueControlSet([Control("t", "hold", "tenant", "ten_1"), Control("d", "hold", "domain", "example.com"), Control("p", "hold", "pool", "shared")]);
        Assert.That(set.Check("ten_1", "other.test", null, After), Is.EqualTo(new QueueControlDecision(QueueControlAction.Hold, "t")));
        Assert.That(set.Check("ten_2", "EXAMPLE.com", null, Before), Is.EqualTo(new QueueControlDecision(QueueControlAction.Hold, "d")), "domains match in any case");
        Assert.That(set.Check("ten_2", "other.test", "shared", After), Is.EqualTo(new QueueControlDecision(QueueControlAction.Hold, "p")));
        Assert.That(set.Check("ten_2", "other.test", null, After), Is.Null, "the host's default route is no pool");
        Assert.That(set.Check("ten_2", "other.test", "warm", After), Is.Null);
    }

    [Test]
    public void ABounceOrARebindAppliesOnlyToMailAcceptedBeforeIt()
    {
        var set = new QueueControlSet([Control("b", "bounce", "domain", "example.com"), Control("r", "rebind", "pool", "shared", "warm")]);
        Assert.That(set.Check("ten_1", "example.com", null, Before), Is.EqualTo(new QueueControlDecision(QueueControlAction.Bounce, "b")));
        Assert.That(set.Check("ten_1", "example.com", null, After), Is.Null);
        Assert.That(set.Check("ten_1", "other.test", "shared", Before), Is.EqualTo(new QueueControlDecision(QueueControlAction.Rebind, "r", "warm")));
        Assert.That(set.Check("ten_1", "other.test", "shared", After), Is.Null);
    }

    [Test]
    public void ABounceWinsOverAHoldAndAHoldOverARebindAndARebindToAHeldPoolHolds()
    {
        var set = new QueueControlSet([
            Control("h", "hold", "tenant", "ten_1"), Control("b", "bounce", "domain", "example.com", minutes: 1),
            Control("r", "rebind", "pool", "shared", "warm"), Control("w", "hold", "pool", "warm")]);
        Assert.That(set.Check("ten_1", "example.com", "shared", Before)?.Action, Is.EqualTo(QueueControlAction.Bounce));
        Assert.That(set.Check("ten_1", "other.test", "shared", Before)?.ControlId, Is.EqualTo("h"));
        Assert.That(set.Check("ten_2", "other.test", "shared", Before), Is.EqualTo(new QueueControlDecision(QueueControlAction.Hold, "w")), "rebound into a held pool");
    }

    [Test]
    public void HeldSourcesListOnlySourceHoldsWithTheirOldestControl()
    {
        var set = new QueueControlSet([Control("s1", "hold", "source", "192.0.2.10"), Control("s2", "hold", "source", "192.0.2.10", minutes: 1), Control("t", "hold", "tenant", "ten_1")]);
        Assert.That(set.HeldSources, Is.EqualTo(new Dictionary<string, string> { ["192.0.2.10"] = "s1" }));
        Assert.That(set.Check("ten_2", "other.test", "shared", After), Is.Null, "a source hold is the source picker's, not the attempt's");
    }
}
