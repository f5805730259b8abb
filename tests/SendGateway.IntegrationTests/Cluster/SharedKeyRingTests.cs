using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;
using SendGateway.Server.Hosting.DataProtection;
using SendGateway.Server.Users;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Cluster;

/// <summary>
/// Two api nodes (this process and a server process with a home folder of its own, as on another machine) sharing
/// Redis and PostgreSQL: the panel's session and antiforgery tokens are protected with one key ring kept in Redis
/// (Hosting/DataProtection/SharedKeyRing), so a person stays signed in whichever node answers. Each fails with
/// per-machine key folders: the other node cannot read the cookie or the token.
/// </summary>
[TestFixture]
public sealed class SharedKeyRingTests
{
    private SendGatewayFactory _factory = null!;
    private HttpClient _a = null!;
    private ApiNode _b = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory(roles: "api");
        _a = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        _b = await ApiNode.StartAsync(_factory);
        _tenant = await _factory.CreateTenantAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _b.DisposeAsync();
        _tenant.Dispose();
        _a.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task ASessionSignedInOnOneNodeIsSignedInOnTheOther()
    {
        var session = await SignInAsync(_a);
        var onA = await PanelAsync(_a, session);
        Assert.That(onA.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"signed in on the node that signed in (not sent to {onA.Headers.Location})");

        var onB = await PanelAsync(_b.Client, session);
        Assert.That(onB.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"the other node reads the session cookie (not sent to {onB.Headers.Location})");
    }

    [Test]
    public async Task AFormTokenFromOneNodeIsAcceptedByTheOther()
    {
        var (email, password) = await OwnerAsync();
        var (antiforgery, token) = await PanelSignIn.FormAsync(_a, "/panel/login");

        var posted = await PanelSignIn.PostAsync(_b.Client, "/panel/login", antiforgery, new()
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        });
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"the form's token from node A is accepted by node B: {(int)posted.StatusCode}");
        Assert.That(posted.Headers.Location?.ToString(), Does.EndWith("/panel/login/code"));
    }

    [Test]
    public async Task TheStoredKeyRingHoldsNoPlaintextKeyMaterial()
    {
        await PanelSignIn.FormAsync(_a, "/panel/login"); // the ring has its first key once a token was made
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Storage.RedisEndpoint);
        var stored = (await redis.GetDatabase(_factory.RedisDatabase).ListRangeAsync(SharedKeyRing.RedisKey)).Select(v => v.ToString()).ToList();

        Assert.That(stored, Is.Not.Empty, $"the key ring is in Redis under {SharedKeyRing.RedisKey}");
        var secrets = _factory.Services.GetRequiredService<SecretBox>();
        foreach (var xml in stored)
        {
            Assert.That(xml, Does.Not.Contain("<masterKey"), "no key material in the clear");
            var sealedKey = XElement.Parse(xml).Descendants(MasterKeyXmlEncryptor.ElementName).Single();
            var opened = System.Text.Encoding.UTF8.GetString(secrets.Open(Convert.FromBase64String(sealedKey.Value), MasterKeyXmlEncryptor.Purpose));
            Assert.That(opened, Does.Contain("<masterKey"), "what the master key seals is the key itself");
        }
    }

    /// <summary>
    /// Data Protection reads the ring lazily: a node started while Redis is away starts (liveness answers), and once
    /// Redis is back it reads the shared ring, rather than keep a key of its own made meanwhile.
    /// </summary>
    [Test]
    public async Task ANodeStartedWhileRedisIsAwayStartsAndReadsTheSharedKeyRingOnceRedisIsBack()
    {
        var session = await SignInAsync(_a);
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));
        proxy.Cut();
        await using var c = await ApiNode.StartAsync(_factory, new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={_factory.RedisDatabase},{StoreFaults.FastRedisOptions}",
        });

        var during = await PanelAsync(c.Client, session);
        TestContext.Out.WriteLine($"while Redis is away: {(int)during.StatusCode} {during.Headers.Location}");
        Assert.That(during.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "no key ring, no session");
        proxy.Pass();
        var after = await Polling.UntilAsync(() => PanelAsync(c.Client, session), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed in on the late node once Redis answers");
    }

    private async Task<(string Email, string Password)> OwnerAsync()
    {
        var email = $"owner-{Guid.NewGuid():N}@people.test";
        var created = (await _factory.Services.GetRequiredService<UserAccounts>().CreateAsync(_tenant.Id, email, PanelRoles.Owner, null, true, CancellationToken.None))!;
        return (email, created.Password!);
    }

    /// <summary>Password and code on <paramref name="node"/>: the session cookie (name=value).</summary>
    private async Task<string> SignInAsync(HttpClient node)
    {
        var email = $"owner-{Guid.NewGuid():N}@people.test";
        var created = (await _factory.Services.GetRequiredService<UserAccounts>().CreateAsync(_tenant.Id, email, PanelRoles.Owner, null, true, CancellationToken.None))!;
        var (antiforgery, token) = await PanelSignIn.FormAsync(node, "/panel/login");
        var password = await PanelSignIn.PostAsync(node, "/panel/login", antiforgery, new()
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = created.Password!,
        });
        var step = PanelSignIn.SetCookie(password, "sg_panel_step");
        Assert.That(step, Is.Not.Null, $"the password step passed: {(int)password.StatusCode} {password.Headers.Location}");

        var (again, codeToken) = await PanelSignIn.FormAsync(node, "/panel/login/code", PanelSignIn.Join(antiforgery, step));
        var secret = OtpNet.Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);
        var code = await PanelSignIn.PostAsync(node, "/panel/login/code", PanelSignIn.Join(string.IsNullOrEmpty(again) ? antiforgery : again, step), new()
        {
            ["_handler"] = "code", ["__RequestVerificationToken"] = codeToken, ["Input.Code"] = new OtpNet.Totp(secret).ComputeTotp(DateTime.UtcNow),
        });
        return PanelSignIn.SetCookie(code, "sg_panel") ?? throw new AssertionException($"no session cookie: {(int)code.StatusCode} {code.Headers.Location}");
    }

    private static async Task<HttpResponseMessage> PanelAsync(HttpClient node, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/panel");
        request.Headers.Add("Cookie", session);
        return await node.SendAsync(request);
    }
}
