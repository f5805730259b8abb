namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A fixture with its own SendGateway (own Redis and PostgreSQL databases), one tenant and, when given, one sender
/// domain whose DKIM record is published in the test DNS. NUnit runs this set-up before a derived fixture's own.
/// </summary>
public abstract class TenantFixture(string roles = "api,delivery,events", string? senderDomain = null)
{
    protected SendGatewayFactory Factory { get; private set; } = null!;

    protected TestTenant Tenant { get; private set; } = null!;

    protected string? SenderDomain => senderDomain;

    [OneTimeSetUp]
    public async Task StartTenantAsync()
    {
        Factory = new SendGatewayFactory(roles);
        if (Factory.Relay)
        {
            Factory.StartServer(); // Kestrel on its free port: clients connect over TCP
        }

        Tenant = await Factory.CreateTenantAsync();
        if (senderDomain is not null)
        {
            await SendGatewayFactory.AddDomainAsync(Tenant, senderDomain);
        }
    }

    [OneTimeTearDown]
    public async Task StopTenantAsync()
    {
        Tenant.Dispose();
        await Factory.DisposeAsync();
    }
}
