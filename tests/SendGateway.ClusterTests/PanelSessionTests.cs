using System.Net;
using SendGateway.ClusterTests.Infrastructure;
using SendGateway.IntegrationTests.Cluster;

namespace SendGateway.ClusterTests;

/// <summary>
/// §2.1 on the topology: a person signed in to the panel through lb stays signed in whichever api node answers (the
/// Data Protection key ring is shared in Redis, sealed with the master key), and a form's antiforgery token made by one
/// node is accepted by the other. The person is made with <c>user create --totp</c> on api1, as an operator would.
/// </summary>
public sealed class PanelSessionTests
{
    [Test]
    public async Task APersonSignedInThroughTheLoadBalancerStaysSignedInOnBothApiNodes()
    {
        using var tenant = await ClusterTenant.CreateAsync("panel");
        var (email, password, secret) = await CreateOwnerAsync(tenant.Id);
        using var lb = Client(ClusterTopology.LoadBalancer);
        using var api1 = Client(new Uri($"http://{ClusterTopology.Ip("api1")}:8080/"));
        using var api2 = Client(new Uri($"http://{ClusterTopology.Ip("api2")}:8080/"));

        // The password step's form from api1, posted to api2: the antiforgery token crosses nodes.
        var (antiforgery, token) = await PanelSignIn.FormAsync(api1, "/panel/login");
        var passwordStep = await PanelSignIn.PostAsync(api2, "/panel/login", antiforgery, new()
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        });
        Assert.That(passwordStep.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"api2 accepts the form api1 made: {(int)passwordStep.StatusCode}");
        var step = PanelSignIn.SetCookie(passwordStep, "sg_panel_step");
        Assert.That(step, Is.Not.Null, $"the password step passed: {passwordStep.Headers.Location}");

        // The code step through lb (round-robin: the GET and the POST land on different nodes).
        var (again, codeToken) = await PanelSignIn.FormAsync(lb, "/panel/login/code", PanelSignIn.Join(antiforgery, step));
        var code = await PanelSignIn.PostAsync(lb, "/panel/login/code", PanelSignIn.Join(string.IsNullOrEmpty(again) ? antiforgery : again, step), new()
        {
            ["_handler"] = "code", ["__RequestVerificationToken"] = codeToken, ["Input.Code"] = new OtpNet.Totp(secret).ComputeTotp(DateTime.UtcNow),
        });
        var session = PanelSignIn.SetCookie(code, "sg_panel");
        Assert.That(session, Is.Not.Null, $"signed in through lb: {(int)code.StatusCode} {code.Headers.Location}");

        var before = await LoadBalancerStats.SessionsPerServerAsync();
        var throughLb = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            throughLb.Add((await PanelAsync(lb, session!)).StatusCode);
        }

        var after = await LoadBalancerStats.SessionsPerServerAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(throughLb, Is.All.EqualTo(HttpStatusCode.OK), "every page through lb is served to the signed-in person");
            Assert.That(after[("api", "api1")] - before[("api", "api1")], Is.GreaterThan(0), "api1 answered some of them");
            Assert.That(after[("api", "api2")] - before[("api", "api2")], Is.GreaterThan(0), "api2 answered some of them");
            Assert.That((await PanelAsync(api1, session!)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "api1 reads the session");
            Assert.That((await PanelAsync(api2, session!)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "api2 reads the session");
        });
    }

    /// <summary><c>user create --totp</c> on api1: the password and the TOTP secret it printed.</summary>
    private static async Task<(string Email, string Password, byte[] Secret)> CreateOwnerAsync(string tenantId)
    {
        var email = $"owner-{ClusterTopology.RunId}-{Guid.NewGuid():N}@people.test";
        var output = await ClusterTopology.ServerCommandAsync("api1", "user", "create", "--tenant", tenantId, "--email", email, "--role", "owner", "--totp");
        string Line(string name) => output.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        var uri = new Uri(Line("totp"));
        var secret = System.Web.HttpUtility.ParseQueryString(uri.Query)["secret"]!;
        return (email, Line("password"), OtpNet.Base32Encoding.ToBytes(secret));
    }

    private static HttpClient Client(Uri node) => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(20) };

    private static async Task<HttpResponseMessage> PanelAsync(HttpClient node, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/panel");
        request.Headers.Add("Cookie", session);
        return await node.SendAsync(request);
    }
}
