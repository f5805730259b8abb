using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Delivery.Shaping.Actions;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery.Shaping;

/// <summary>
/// The shaping actions' Redis store on the real Redis: a second matching reply extends the action in effect (same id and
/// start, later end), a shorter one changes nothing, the number in effect is bounded, each key expires at its action's
/// end, and a cancellation names the action by id.
/// </summary>
[TestFixture]
public sealed class ShapingActionStoreTests
{
    private SendGatewayFactory _factory = null!;
    private ShapingActionStore _store = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new SendGatewayFactory("api");
        _store = _factory.Services.GetRequiredService<ShapingActionStore>();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private static ShapingAction Action(string provider, string source, string rule, DateTimeOffset since, TimeSpan lasts) =>
        new($"sha_{Guid.NewGuid():N}", provider, source, rule, ShapingActionKind.Suspend, null, new ShapingActionReply(421, "4.7.0", "[TSS04] deferred", "mx.example.test"), since, since + lasts);

    [Test]
    public async Task ALaterMatchExtendsTheActionInEffectKeepingItsIdAndStart()
    {
        var provider = $"p{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var (started, first) = await _store.StartAsync(Action(provider, "192.0.2.1", "first", now, TimeSpan.FromMinutes(10)), 100, CancellationToken.None);
        Assert.That(started, Is.EqualTo(ShapingActionStart.Started));

        var later = Action(provider, "192.0.2.1", "second", now.AddSeconds(5), TimeSpan.FromMinutes(20));
        var (extended, action) = await _store.StartAsync(later, 100, CancellationToken.None);
        Assert.That(extended, Is.EqualTo(ShapingActionStart.Extended));
        Assert.That(action!.Id, Is.EqualTo(first!.Id), "the same action");
        Assert.That(action.Since, Is.EqualTo(first.Since), "its start is kept");
        Assert.That(action.Until, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(later.Until.ToUnixTimeMilliseconds())), "its end moved");
        Assert.That(action.Rule, Is.EqualTo("second"), "the rule that last matched");

        var (unchanged, kept) = await _store.StartAsync(Action(provider, "192.0.2.1", "third", now.AddSeconds(6), TimeSpan.FromMinutes(1)), 100, CancellationToken.None);
        Assert.That(unchanged, Is.EqualTo(ShapingActionStart.Unchanged), "a shorter one changes nothing");
        Assert.That(kept!.Until, Is.EqualTo(action.Until));

        using var redis = await ConnectionMultiplexer.ConnectAsync(_factory.RedisConnectionString);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync($"sg:shaping:{{shaping}}:a:{provider}|192.0.2.1|suspend");
        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.FromMinutes(19)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(20).Add(TimeSpan.FromSeconds(5))), "the key expires at the action's end");

        Assert.That(await _store.CancelAsync(first with { Id = "sha_other" }, CancellationToken.None), Is.False, "another id cancels nothing");
        Assert.That(await _store.CancelAsync(action, CancellationToken.None), Is.True);
        Assert.That((await _store.ListAsync(DateTimeOffset.UtcNow, 1000, CancellationToken.None)).Where(a => a.Provider == provider), Is.Empty);
    }

    [Test]
    public async Task ANewActionPastTheLimitIsRefusedWhileExtensionsStillApply()
    {
        var provider = $"p{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var inEffect = (await _store.ListAsync(now, 100_000, CancellationToken.None)).Count; // other tests' actions in this database
        var max = inEffect + 2;
        Assert.That((await _store.StartAsync(Action(provider, "192.0.2.1", "r", now, TimeSpan.FromMinutes(5)), max, CancellationToken.None)).Result, Is.EqualTo(ShapingActionStart.Started));
        Assert.That((await _store.StartAsync(Action(provider, "192.0.2.2", "r", now, TimeSpan.FromMinutes(5)), max, CancellationToken.None)).Result, Is.EqualTo(ShapingActionStart.Started));
        Assert.That((await _store.StartAsync(Action(provider, "192.0.2.3", "r", now, TimeSpan.FromMinutes(5)), max, CancellationToken.None)).Result, Is.EqualTo(ShapingActionStart.Refused));
        Assert.That((await _store.StartAsync(Action(provider, "192.0.2.1", "r", now, TimeSpan.FromMinutes(6)), max, CancellationToken.None)).Result, Is.EqualTo(ShapingActionStart.Extended));
        Assert.That((await _store.ListAsync(DateTimeOffset.UtcNow, 1000, CancellationToken.None)).Count(a => a.Provider == provider), Is.EqualTo(2));
    }
}
