using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Delivery.TlsPolicy.MtaSts;
using SendGateway.Server.TlsReports;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// MTA-STS policies (RFC 8461) fetched from a real HTTPS policy host on 127.0.0.36 (certificates of a test CA, chosen
/// by SNI) for domains whose <c>_mta-sts</c> TXT records the test DNS server serves: fetched, parsed and cached (memory
/// and the shared table), fetched again only for a new TXT id, refused when redirected, oversized, served under a wrong
/// certificate or not text/plain; max_age capped; <c>mode: none</c> is no policy; a second server instance reads the
/// table instead of fetching. The service's clock is moved to pass the TXT re-check interval, never slept through.
/// </summary>
[TestFixture]
public sealed class MtaStsPolicyTests
{
    private readonly AdjustableTimeProvider _clock = new();
    private MtaStsPolicyHost _host = null!;
    private SendGatewayFactory _factory = null!;
    private Dictionary<string, string?> _settings = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _host = new MtaStsPolicyHost("127.0.0.36");
        _settings = new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:Tls:MtaSts:Enabled"] = "true",
            ["SendGateway:Delivery:Tls:MtaSts:AllowPrivateNetworks"] = "true",
            ["SendGateway:Delivery:Tls:MtaSts:TrustedCaFile"] = _host.CaFile,
            ["SendGateway:Delivery:Tls:MtaSts:HttpsPort"] = _host.Port.ToString(),
            ["SendGateway:Delivery:Tls:MtaSts:TxtRecheckInterval"] = "00:01:00",
            ["SendGateway:Delivery:Tls:MtaSts:MaxPolicyBytes"] = "1024",
        };
        _factory = new SendGatewayFactory("api", _settings, clock: _clock);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _host.DisposeAsync();
    }

    private IMtaStsPolicies Policies => _factory.Services.GetRequiredService<IMtaStsPolicies>();

    private static string NewDomain(string label) => $"{label}-{Guid.NewGuid():N}"[..24] + ".sts.test";

    private static string EnforceFor(string domain) => $"version: STSv1\r\nmode: enforce\r\nmx: mx1.{domain}\r\nmx: *.backup.{domain}\r\nmax_age: 86400\r\n";

    [Test]
    public async Task APolicyIsFetchedParsedAndCachedSoTheNextLookupsMakeNoRequest()
    {
        var domain = NewDomain("cached");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)));

        var first = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That(first.Policy, Is.Not.Null, first.FailureDetail);
        Assert.That((first.Policy!.Mode, first.Policy.Id, first.Policy.MaxAge), Is.EqualTo((MtaStsMode.Enforce, "id1", TimeSpan.FromDays(1))));
        Assert.That(first.Policy.Mx, Is.EqualTo(new[] { $"mx1.{domain}", $"*.backup.{domain}" }));
        Assert.That(first.Policy.AllowsMx($"MX1.{domain}."), Is.True);
        Assert.That(first.Policy.AllowsMx($"a.backup.{domain}"), Is.True);
        Assert.That(first.Policy.AllowsMx($"mx2.{domain}"), Is.False);

        for (var i = 0; i < 50; i++)
        {
            Assert.That((await Policies.GetAsync(domain.ToUpperInvariant() + ".", CancellationToken.None)).Policy, Is.EqualTo(first.Policy));
        }

        Assert.That(_host.RequestsFor(domain), Is.EqualTo(1), "one fetch for 51 lookups");

        var listed = await ListAsync(domain);
        Assert.That(listed.GetProperty("mode").GetString(), Is.EqualTo("enforce"));
        Assert.That(listed.GetProperty("id").GetString(), Is.EqualTo("id1"));
        Assert.That(listed.GetProperty("mx").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(first.Policy.Mx));
        Assert.That(listed.GetProperty("expires_at").GetDateTime() - listed.GetProperty("fetched_at").GetDateTime(), Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(listed.GetProperty("last_error").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task ANewTxtIdIsSeenAfterTheRecheckIntervalAndFetchesTheNewPolicy()
    {
        var domain = NewDomain("newid");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Id, Is.EqualTo("id1"));

        MtaStsPolicyHost.Announce(domain, "id2");
        _host.Answer(domain, PolicyAnswer.Policy(EnforceFor(domain).Replace("enforce", "testing", StringComparison.Ordinal)));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Id, Is.EqualTo("id1"), "the TXT record is not read again before the interval");
        Assert.That(_host.RequestsFor(domain), Is.EqualTo(1));

        _clock.Advance(TimeSpan.FromMinutes(2));
        var changed = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That((changed.Policy?.Id, changed.Policy?.Mode), Is.EqualTo(("id2", (MtaStsMode?)MtaStsMode.Testing)));
        Assert.That(_host.RequestsFor(domain), Is.EqualTo(2));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Id, Is.EqualTo("id2"));
        Assert.That(_host.RequestsFor(domain), Is.EqualTo(2), "the same id again: no fetch");
    }

    [Test]
    public async Task AFailedRefreshOrARemovedTxtRecordKeepsTheUnexpiredPolicy()
    {
        var domain = NewDomain("keep");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Id, Is.EqualTo("id1"));

        MtaStsPolicyHost.Announce(domain, "id2");
        _host.Answer(domain, new PolicyAnswer(500, "text/plain", "oops"));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var kept = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That(kept.Policy?.Id, Is.EqualTo("id1"), "the unexpired policy stays in force");
        Assert.That((await ListAsync(domain)).GetProperty("last_error").GetString(), Does.StartWith(TlsResultTypes.StsPolicyFetchError).And.Contain("500"));

        TestEnvironment.Dns.RemoveTxt($"_mta-sts.{domain}");
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Id, Is.EqualTo("id1"), "removal is mode: none, not a missing record");
    }

    [Test]
    public async Task ARedirectIsNotFollowed()
    {
        var domain = NewDomain("redirect");
        var target = NewDomain("target");
        _host.Publish(target, "t1", PolicyAnswer.Policy(EnforceFor(domain)));
        _host.Publish(domain, "id1", new PolicyAnswer(301, "text/plain", string.Empty, $"Location: https://mta-sts.{target}:{_host.Port}/.well-known/mta-sts.txt\r\n"));

        var lookup = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That((lookup.Policy, lookup.FailureType), Is.EqualTo(((MtaStsPolicy?)null, TlsResultTypes.StsPolicyFetchError)), lookup.FailureDetail);
        Assert.That(_host.RequestsFor(target), Is.EqualTo(0), "the redirect was not followed");
        Assert.That((await ListAsync(domain)).GetProperty("last_error").GetString(), Does.Contain("301"));
    }

    [TestCase("oversize")]
    [TestCase("html")]
    public async Task AnOversizedOrNonTextPolicyIsRefused(string kind)
    {
        var domain = NewDomain(kind);
        var padding = string.Concat(Enumerable.Repeat("comment: ignored unknown key padding the policy\r\n", 30)); // 1.5 KB of valid lines
        _host.Publish(domain, "id1", kind == "oversize"
            ? PolicyAnswer.Policy(EnforceFor(domain) + padding)
            : new PolicyAnswer(200, "text/html", EnforceFor(domain)));

        var lookup = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That((lookup.Policy, lookup.FailureType), Is.EqualTo(((MtaStsPolicy?)null, TlsResultTypes.StsPolicyFetchError)), lookup.FailureDetail);
        Assert.That(lookup.FailureDetail, Does.Contain(kind == "oversize" ? "larger than 1024 bytes" : "text/plain"));
    }

    [Test]
    public async Task ACertificateNotNamingThePolicyHostIsRefused()
    {
        var domain = NewDomain("wrongcert");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)), certificateName: "mta-sts.someone-else.test");

        var lookup = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That((lookup.Policy, lookup.FailureType), Is.EqualTo(((MtaStsPolicy?)null, TlsResultTypes.StsWebPkiInvalid)), lookup.FailureDetail);
        Assert.That(_host.RequestsFor(domain), Is.EqualTo(0), "no request crossed the refused connection");
    }

    [Test]
    public async Task MaxAgeAboveTheRfcLimitIsCapped()
    {
        var domain = NewDomain("maxage");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain).Replace("86400", "9999999999", StringComparison.Ordinal)));

        var lookup = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That(lookup.Policy?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(31_557_600)), lookup.FailureDetail);
        Assert.That((await ListAsync(domain)).GetProperty("max_age").GetInt64(), Is.EqualTo(31_557_600));
    }

    [Test]
    public async Task ModeNoneIsNoPolicyAndReplacesACachedOne()
    {
        var domain = NewDomain("none");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Mode, Is.EqualTo(MtaStsMode.Enforce));

        MtaStsPolicyHost.Announce(domain, "id2");
        _host.Answer(domain, PolicyAnswer.Policy("version: STSv1\nmode: none\nmax_age: 86400\n"));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var none = await Policies.GetAsync(domain, CancellationToken.None);
        Assert.That((none.Policy, none.FailureType), Is.EqualTo(((MtaStsPolicy?)null, (string?)null)));
        Assert.That((await ListAsync(domain)).GetProperty("mode").GetString(), Is.EqualTo("none"), "cached as mode none");
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy, Is.Null);
        Assert.That(_host.RequestsFor(domain), Is.EqualTo(2));
    }

    [Test]
    public async Task ASecondServerInstanceReadsTheTableInsteadOfFetching()
    {
        var domain = NewDomain("restart");
        _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)));
        Assert.That((await Policies.GetAsync(domain, CancellationToken.None)).Policy?.Id, Is.EqualTo("id1"));

        await using var second = new SendGatewayFactory("api", _settings, postgresDatabase: _factory.PostgresDatabase, clock: _clock);
        var lookup = await second.Services.GetRequiredService<IMtaStsPolicies>().GetAsync(domain, CancellationToken.None);
        Assert.That((lookup.Policy?.Id, lookup.Policy?.Mode), Is.EqualTo(("id1", (MtaStsMode?)MtaStsMode.Enforce)));
        Assert.That(_host.RequestsFor(domain), Is.EqualTo(1), "no second fetch");
    }

    [Test]
    public async Task TheAdminListIsFilteredPagedAndAuditedAsAnOperatorRead()
    {
        var domains = new[] { NewDomain("list"), NewDomain("list"), NewDomain("list") };
        foreach (var domain in domains)
        {
            _host.Publish(domain, "id1", PolicyAnswer.Policy(EnforceFor(domain)));
            await Policies.GetAsync(domain, CancellationToken.None);
        }

        using var admin = _factory.CreateAdminClient();
        var page = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/tls-policies?limit=1");
        Assert.That(page.GetProperty("data").GetArrayLength(), Is.EqualTo(1));
        Assert.That(page.GetProperty("next_cursor").GetString(), Is.Not.Null);
        Assert.That((await admin.GetAsync("/v1/admin/tls-policies?domain=not%20a%20domain")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.UnprocessableEntity));
        using var tenant = await _factory.CreateTenantAsync();
        Assert.That((await tenant.Client.GetAsync("/v1/admin/tls-policies")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));

        await ListAsync(domains[1]);
        await using var db = new NpgsqlConnection(_factory.PostgresConnectionString);
        var objects = await db.QueryAsync<string>("SELECT object FROM audit_log WHERE tenant_id = '_operators' AND action LIKE 'read %tls-policies%'");
        Assert.That(objects, Is.Not.Empty, "the operator's read is in the operators' audit log");
    }

    private async Task<JsonElement> ListAsync(string domain)
    {
        using var admin = _factory.CreateAdminClient();
        var page = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tls-policies?domain={domain}");
        Assert.That(page.GetProperty("data").GetArrayLength(), Is.EqualTo(1), page.ToString());
        return page.GetProperty("data")[0];
    }
}
