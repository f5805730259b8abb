using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Panel;
using SendGateway.Server.Users.Panel;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The wait after failed sign-ins grows (issue 32 §4): over HTTP against the real panel and Redis, failures from one
/// client address on one account, each made once the previous wait is over, are followed by waits of 1, 2, 4 s, then the cap.
/// </summary>
[TestFixture]
public sealed partial class SignInDelayTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:Proxies:Trusted:0"] = "127.0.0.1",
            ["SendGateway:Panel:FreeFailures"] = "1",
            ["SendGateway:Panel:FailureDelay"] = "00:00:01",
            ["SendGateway:Panel:MaxFailureDelay"] = "00:00:04",
        });
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task EachFailurePastTheFreeOnesDoublesTheWaitUpToTheCap()
    {
        const string Address = "203.0.113.77";
        var email = $"nobody-{Guid.NewGuid():N}@people.test"; // no such account: counted all the same
        var throttle = _factory.Services.GetRequiredService<SignInThrottle>();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}") };
        var waits = new List<TimeSpan>();
        for (var failure = 1; failure <= 5; failure++)
        {
            var answer = await Polling.UntilAsync(() => SignInAsync(client, email, Address), a => a != LoginPage.Paused, TimeSpan.FromSeconds(30));
            Assert.That(answer, Is.EqualTo(LoginPage.WrongCredentials), $"failure {failure} is answered once the wait is over");
            var wait = await throttle.WaitAsync(email, Address, CancellationToken.None);
            waits.Add(wait);
            if (wait >= TimeSpan.FromSeconds(1.5))
            {
                Assert.That(await SignInAsync(client, email, Address), Is.EqualTo(LoginPage.Paused), $"right after failure {failure} the address waits");
            }
        }

        TestContext.Out.WriteLine(string.Join(", ", waits));
        Assert.That(waits[0], Is.EqualTo(TimeSpan.Zero), "the free failure");
        var expected = new[] { 1, 2, 4, 4 };
        for (var i = 0; i < expected.Length; i++)
        {
            // Redis counts the wait down from the failure: read a moment later it is a little shorter, never longer.
            Assert.That(waits[i + 1].TotalSeconds, Is.GreaterThan(expected[i] / 2.0).And.LessThanOrEqualTo(expected[i]), $"the wait after failure {i + 2}");
        }

        Assert.That(await throttle.WaitAsync(email, "203.0.113.78", CancellationToken.None), Is.EqualTo(TimeSpan.Zero), "another address does not wait");
    }

    /// <summary>The sign-in form fetched and posted with its antiforgery token, as from <paramref name="address"/> behind the trusted proxy; the page's alert.</summary>
    private static async Task<string?> SignInAsync(HttpClient client, string email, string address)
    {
        var form = await client.GetStringAsync("/panel/login");
        var token = Token().Match(form).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/panel/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = "wrong-password",
            }),
        };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var alert = Alert().Match(await response.Content.ReadAsStringAsync());
        return alert.Success ? WebUtility.HtmlDecode(alert.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("role=\"alert\">([^<]*)<")]
    private static partial Regex Alert();
}
