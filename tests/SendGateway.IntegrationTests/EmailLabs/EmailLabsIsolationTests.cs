using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.EmailLabs;

/// <summary>The EmailLabs-compatible API keeps tenants apart, and an Idempotency-Key on a form send queues once.</summary>
[TestFixture]
public sealed class EmailLabsIsolationTests() : EmailLabsFixture("el-iso.test")
{
    [Test]
    public async Task AnotherTenantSeesNoneOfItAndCannotUseItsAccount()
    {
        var address = Unique("a-only");
        Assert.That((await Php.CallAsync("POST", "blacklists", new { email = address })).Ok, Is.True);
        var sent = await Php.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [Unique("iso")] = "" }, ["smtp_account"] = Account, ["subject"] = "s", ["from"] = "shop@el-iso.test", ["text"] = "t",
        });
        var id = MessageIds(sent).Single();
        await Tenant.WaitForStatusAsync(id, "ok");
        var credential = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/smtp-credentials");
        var username = credential.GetProperty("data").EnumerateArray().First(c => c.GetProperty("name").GetString() == Account).GetProperty("username").GetString()!;

        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "el-other.test");
        var b = PhpEmailLabsClient.For(Factory.HttpPort, other.ApiKey);
        Assert.That((await b.CallAsync("GET", $"blacklists/email/{address}")).Http, Is.EqualTo(404));
        Assert.That((await b.CallAsync("DELETE", $"blacklists/email/{address}")).Http, Is.EqualTo(404));
        Assert.That((await Php.CallAsync("GET", $"blacklists/email/{address}")).Ok, Is.True, "A's entry is still there");
        var list = await b.CallAsync("GET", "blacklists", parameters: new { offset = 0, limit = 100 });
        Assert.That(list.Data.EnumerateArray().Select(e => e.GetProperty("email").GetString()), Has.None.EqualTo(address));
        var emails = await b.CallAsync("GET", "emails", parameters: new { offset = 0, limit = 100 }, filters: new Dictionary<string, string> { ["message_id"] = id });
        Assert.That((emails.Ok, emails.Data.GetArrayLength()), Is.EqualTo((true, 0)));
        var byAccount = await b.CallAsync("GET", "emails", parameters: new { offset = 0, limit = 100 }, filters: new Dictionary<string, string> { ["account"] = Account });
        Assert.That(byAccount.Data.GetArrayLength(), Is.EqualTo(0));
        foreach (var account in new[] { Account, username })
        {
            var refused = await b.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
            {
                ["to"] = new Dictionary<string, object> { [Unique("iso")] = "" }, ["smtp_account"] = account, ["subject"] = "s", ["from"] = "b@el-other.test", ["text"] = "t",
            });
            Assert.That((refused.Ok, refused.Http), Is.EqualTo((false, 400)), account);
            Assert.That(refused.Error, Does.Contain("smtp_account"));
        }
    }

    [Test]
    public async Task TheSameIdempotencyKeyOnAFormSendQueuesOnce()
    {
        using var http = BasicClient();
        var body = $"to%5B{Uri.EscapeDataString(Unique("idem"))}%5D=&smtp_account={Account}&subject=s&from=shop%40el-iso.test&text=t";
        async Task<JsonElement> SendAsync(string form)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/new_sendmail") { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
            request.Headers.Add("Idempotency-Key", "el-idem-1");
            var response = await http.SendAsync(request);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var first = await SendAsync(body);
        var again = await SendAsync(body);
        Assert.That(first.GetProperty("code").GetInt32(), Is.EqualTo(200), first.ToString());
        Assert.That(again.GetProperty("data")[0].GetProperty("message_id").GetString(), Is.EqualTo(first.GetProperty("data")[0].GetProperty("message_id").GetString()));
        var changed = await SendAsync(body.Replace("subject=s", "subject=other", StringComparison.Ordinal));
        Assert.That(changed.TryGetProperty("code", out _) ? changed.GetProperty("code").GetInt32() : changed.GetProperty("status").GetInt32(), Is.EqualTo(422), changed.ToString());
    }
}
