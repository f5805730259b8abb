using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// RFC 8689 at accept, on a real relay and REST front (no delivery role, so each queued batch stays in Redis to be read):
/// REQUIRETLS is offered only after STARTTLS and a message sent with it is queued with <c>require_tls</c>; the tenant's
/// <c>require_tls</c> setting marks every message of the tenant, relay and REST; <c>TLS-Required: No</c> is queued as
/// <c>tls_optional</c> only when the tenant's <c>tls_optional_allowed</c> is on and the message does not require TLS.
/// </summary>
[TestFixture]
public sealed partial class RequireTlsAcceptTests
{
    private const string Domain = "requiretls-sender.test"; // the plain-session tests' sender; each tenant has its own domain
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new SendGatewayFactory("api,relay,events");
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task RequireTlsIsOfferedOnlyAfterStartTls()
    {
        await using var client = await RawSmtpClient.ConnectAsync(_factory.SubmissionPort);
        var plain = await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(plain, Does.Contain("STARTTLS").And.Not.Contain("REQUIRETLS"), plain);
        await client.StartTlsAsync();
        var secure = await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(secure, Does.Contain("250-REQUIRETLS\r\n").Or.Contain("250 REQUIRETLS\r\n"), secure);
    }

    [Test]
    public async Task RequireTlsOnAPlainRelaySessionIsRefusedWithTheExactReply()
    {
        await using var client = await RawSmtpClient.ConnectAsync(_factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> REQUIRETLS\r\n"), Is.EqualTo("530 5.7.10 REQUIRETLS requires a TLS session\r\n"));
    }

    [Test]
    public async Task AMessageSentWithRequireTlsIsQueuedRequiringTlsAndItsTlsRequiredNoIsIgnored()
    {
        var sender = await TenantAsync(new { tls_optional_allowed = true });
        using var owned = sender.Tenant;
        var content = await RelayAsync(sender, "REQUIRETLS", "TLS-Required: No\r\n");
        Assert.That(content.RequireTls, Is.True);
        Assert.That(content.TlsOptional, Is.Null, "REQUIRETLS wins over TLS-Required: No (RFC 8689 §4.1)");
        Assert.That(System.Text.Encoding.UTF8.GetString(content.Mime!), Does.Contain("TLS-Required: No"), "the header stays in the message");

        var plain = await RelayAsync(sender, string.Empty, string.Empty);
        Assert.That((plain.RequireTls, plain.TlsOptional), Is.EqualTo(((bool?)null, (bool?)null)), "a message that asks nothing is queued as before");
    }

    [Test]
    public async Task TlsRequiredNoCountsOnlyWhereTheTenantAllowsIt()
    {
        var sender = await TenantAsync(null);
        using var owned = sender.Tenant;
        Assert.That((await RelayAsync(sender, string.Empty, "TLS-Required: No\r\n")).TlsOptional, Is.Null, "relay, not allowed");
        Assert.That((await RestAsync(sender.Tenant, new Dictionary<string, string> { ["TLS-Required"] = "No" })).TlsOptional, Is.Null, "REST, not allowed");

        await PutSettingsAsync(sender.Tenant, new { tls_optional_allowed = true });
        Assert.That((await RelayAsync(sender, string.Empty, "tls-required:  no \r\n")).TlsOptional, Is.True, "relay, allowed (the value is case-insensitive)");
        Assert.That((await RestAsync(sender.Tenant, new Dictionary<string, string> { ["TLS-Required"] = "No" })).TlsOptional, Is.True, "REST, allowed");
        Assert.That((await RestAsync(sender.Tenant, new Dictionary<string, string> { ["TLS-Required"] = "Yes" })).TlsOptional, Is.Null, "only No means anything");
    }

    [Test]
    public async Task TheTenantsRequireTlsMarksEveryMessageAndOverridesTlsRequiredNo()
    {
        var sender = await TenantAsync(new { require_tls = true, tls_optional_allowed = true });
        using var owned = sender.Tenant;
        var relayed = await RelayAsync(sender, string.Empty, "TLS-Required: No\r\n");
        Assert.That((relayed.RequireTls, relayed.TlsOptional), Is.EqualTo(((bool?)true, (bool?)null)), "relay");
        var sent = await RestAsync(sender.Tenant, new Dictionary<string, string> { ["TLS-Required"] = "No" });
        Assert.That((sent.RequireTls, sent.TlsOptional), Is.EqualTo(((bool?)true, (bool?)null)), "REST");
    }

    [Test]
    public async Task TheTlsSettingsRoundTripThroughTheApi()
    {
        var (tenant, _, _) = await TenantAsync(null);
        using var owned = tenant;
        var initial = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings");
        Assert.That((initial.GetProperty("require_tls").GetBoolean(), initial.GetProperty("tls_optional_allowed").GetBoolean()), Is.EqualTo((false, false)), "off by default");

        var saved = await PutSettingsAsync(tenant, new { require_tls = true, tls_optional_allowed = true });
        Assert.That((saved.GetProperty("require_tls").GetBoolean(), saved.GetProperty("tls_optional_allowed").GetBoolean()), Is.EqualTo((true, true)));
        var untouched = await PutSettingsAsync(tenant, new { track_opens = true });
        Assert.That((untouched.GetProperty("require_tls").GetBoolean(), untouched.GetProperty("tls_optional_allowed").GetBoolean()), Is.EqualTo((true, true)), "fields left out keep their value");
        await PutSettingsAsync(tenant, new { require_tls = false });
        var read = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings");
        Assert.That((read.GetProperty("require_tls").GetBoolean(), read.GetProperty("tls_optional_allowed").GetBoolean()), Is.EqualTo((false, true)), "read back from PostgreSQL");
    }

    private async Task<(TestTenant Tenant, string User, string Password)> TenantAsync(object? settings)
    {
        var tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, SenderOf(tenant));
        if (settings is not null)
        {
            await PutSettingsAsync(tenant, settings);
        }

        using var response = await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "app" });
        response.EnsureSuccessStatusCode();
        var credential = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (tenant, credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
    }

    /// <summary>Each tenant's own sender domain (a domain belongs to one tenant).</summary>
    private static string SenderOf(TestTenant tenant) => $"{tenant.Id.ToLowerInvariant().Replace('_', '-')}.requiretls.test";

    private static async Task<JsonElement> PutSettingsAsync(TestTenant tenant, object settings)
    {
        using var response = await tenant.Client.PutAsJsonAsync("/v1/settings", settings);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Sends one message through STARTTLS and AUTH, and reads its queued batch from Redis.</summary>
    private async Task<BatchContent> RelayAsync((TestTenant Tenant, string User, string Password) sender, string mailParameters, string extraHeaders)
    {
        var (tenant, user, password) = sender;
        var domain = SenderOf(tenant);
        var recipient = $"r-{Guid.NewGuid():N}@mx-ok.test";
        await using var client = await RawSmtpClient.ConnectAsync(_factory.SubmissionPort);
        await client.SendAsync("EHLO raw.test\r\n");
        await client.StartTlsAsync();
        await client.SendAsync("EHLO raw.test\r\n");
        Assert.That(await client.SendAsync($"AUTH PLAIN {RawSmtpClient.Plain(user, password)}\r\n"), Does.StartWith("235"));
        Assert.That(await client.SendAsync($"MAIL FROM:<app@{domain}> {mailParameters}\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync($"RCPT TO:<{recipient}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        var reply = await client.SendAsync($"From: app@{domain}\r\nTo: {recipient}\r\nSubject: s\r\n{extraHeaders}\r\nbody\r\n.\r\n");
        Assert.That(reply, Does.StartWith("250"), reply);
        return await ContentAsync(recipient, QueuedAs().Match(reply).Groups[1].Value);
    }

    private async Task<BatchContent> RestAsync(TestTenant tenant, Dictionary<string, string> headers)
    {
        var recipient = $"r-{Guid.NewGuid():N}@mx-ok.test";
        using var response = await tenant.SendAsync(new { from = new { email = $"app@{SenderOf(tenant)}" }, to = new[] { new { email = recipient } }, subject = "s", text = "t", headers });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return await ContentAsync(recipient, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString()!);
    }

    private async Task<BatchContent> ContentAsync(string recipient, string batchId)
    {
        var content = await _factory.Services.GetRequiredService<OutboundQueue>().GetMessageContentAsync(recipient, batchId, CancellationToken.None);
        Assert.That(content, Is.Not.Null, $"batch {batchId} is queued");
        return content!;
    }

    [GeneratedRegex(@"queued as (\S+)")]
    private static partial Regex QueuedAs();
}
