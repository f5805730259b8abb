using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Behind a proxy that ends TLS and reaches us over plain HTTP, with an HTTPS public address
/// (<c>SendGateway:Tracking:BaseUrl</c>), the panel's cookies are <c>Secure</c> (issue 32 §5): antiforgery, the sign-in
/// step, the session.
/// </summary>
[TestFixture]
public sealed partial class SecureCookieTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Tracking:BaseUrl"] = "https://mail.example.test",
            ["SendGateway:Proxies:Trusted:0"] = "127.0.0.1",
        });
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task ThePanelsCookiesAreSecureWhenThePublicAddressIsHttpsThoughTheProxySpeaksHttp()
    {
        var email = $"admin-{Guid.NewGuid():N}@people.test";
        var created = (await _factory.Services.GetRequiredService<UserAccounts>().CreateAsync(null, email, PanelRoles.Operator, null, true, CancellationToken.None))!;
        // No cookie container: it would keep Secure cookies off plain HTTP; the test carries them itself.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}") };
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.20");

        var form = await client.GetAsync("/panel/login");
        var antiforgery = SetCookie(form, "sg_panel_af");
        Assert.That(antiforgery, Does.Contain("secure").IgnoreCase, $"{form.StatusCode} {form.Headers}");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/panel/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value,
                ["Input.Email"] = email, ["Input.Password"] = created.Password!,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signedIn = await client.SendAsync(post);
        Assert.That(signedIn.Headers.Location?.ToString(), Does.EndWith("/panel/login/code"), await signedIn.Content.ReadAsStringAsync());
        var step = SetCookie(signedIn, "sg_panel_step");
        Assert.That(step, Does.Contain("secure").IgnoreCase, step);

        var cookies = $"{antiforgery.Split(';')[0]}; {step.Split(';')[0]}";
        using var codeForm = new HttpRequestMessage(HttpMethod.Get, "/panel/login/code");
        codeForm.Headers.Add("Cookie", cookies);
        var codePage = await (await client.SendAsync(codeForm)).Content.ReadAsStringAsync();
        var secret = OtpNet.Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);
        using var code = new HttpRequestMessage(HttpMethod.Post, "/panel/login/code")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "code", ["__RequestVerificationToken"] = Token().Match(codePage).Groups[1].Value, ["Input.Code"] = new OtpNet.Totp(secret).ComputeTotp(DateTime.UtcNow),
            }),
        };
        code.Headers.Add("Cookie", cookies);
        var session = SetCookie(await client.SendAsync(code), "sg_panel");
        Assert.That(session, Does.Contain("secure").IgnoreCase, session);
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) ?? $"no {name} cookie" : "no cookies";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
