using System.Net;
using System.Net.Http.Json;

namespace SendGateway.IntegrationTests.EmailLabs;

/// <summary>T112 on the EmailLabs-compatible API: a sender domain not yet verified is refused in EmailLabs' error shape, nothing queued.</summary>
[TestFixture]
public sealed class EmailLabsDomainProofTests() : EmailLabsFixture("el-proof.test")
{
    [Test]
    public async Task ASendFromAnUnverifiedDomainIsRefusedWithItsNameAndRecord()
    {
        var name = $"el-unproven-{Guid.NewGuid():N}"[..24] + ".test";
        Assert.That((await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var refused = await Php.CallAsync("POST", "new_sendmail", new Dictionary<string, object>
        {
            ["to"] = new Dictionary<string, object> { [Unique("proof")] = "" }, ["smtp_account"] = Account, ["subject"] = "s", ["from"] = $"shop@{name}", ["text"] = "t",
        });
        Assert.That((refused.Ok, refused.Http), Is.EqualTo((false, 400)), refused.Error);
        Assert.That(refused.Error, Does.Contain($"The sender domain {name} is not verified").And.Contain("._domainkey."));
    }
}
