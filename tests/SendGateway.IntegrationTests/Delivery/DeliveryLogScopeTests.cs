using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>Every line logged while a message is delivered carries its id and its tenant's id in a scope (ids only).</summary>
[TestFixture]
public sealed class DeliveryLogScopeTests
{
    [Test]
    public async Task ADeliveryWarningCarriesTheMessageAndTenantIdsButNoAddress()
    {
        var logs = new CapturingLoggerProvider(includeScopes: true);
        await using var factory = new SendGatewayFactory(logs: logs);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "scoped.test");
        var recipient = $"scope-{Guid.NewGuid():N}@backup.test"; // its first MX does not answer: a warning, then the second MX
        using var response = await tenant.SendAsync(new { from = new { email = "a@scoped.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");

        var warning = logs.Lines.First(l => l.Contains("Connection to dead.backup.test", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal));
        Assert.That(warning, Does.Contain($"scope:MessageId={id} TenantId={tenant.Id}"));
        Assert.That(warning, Does.Not.Contain(recipient));
    }
}
