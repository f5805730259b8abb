using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Delivery;

namespace SendGateway.Server.Tests;

/// <summary>
/// reliability.md T88: a worker touches its entries in hand every third of <c>Delivery:ReclaimIdleTime</c> from its read
/// loop, so a reclaim time the loop cannot keep up with (three read rounds at <c>MaxPollDelay</c>) stops the start.
/// </summary>
public sealed class ReclaimTimeRuleTests
{
    [TestCase("00:15:00", "00:00:00.200", true)]
    [TestCase("00:00:02", "00:00:00.050", true)]
    [TestCase("00:00:02", "00:00:01", false)]
    [TestCase("00:00:03", "00:00:01", false)]
    public void TheReclaimTimeExceedsThreeReadRounds(string reclaimIdleTime, string maxPollDelay, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:ReclaimIdleTime"] = reclaimIdleTime,
            ["SendGateway:Delivery:MaxPollDelay"] = maxPollDelay,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddValidatedOptions<DeliveryOptions>("SendGateway:Delivery");
        using var provider = services.BuildServiceProvider();
        var starts = true;
        try
        {
            _ = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            starts = false;
            Assert.That(e.Message, Does.Contain("ReclaimIdleTime"));
        }

        Assert.That(starts, Is.EqualTo(valid));
    }
}
