using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary><c>/v1/users</c> (api.md §5): panel users of the tenant, managed through the API with scope <c>manage</c>.</summary>
[TestFixture]
public sealed class UsersApiTests() : TenantFixture("api")
{
    [Test]
    public async Task AUserIsCreatedWithAPasswordShownOnceListedChangedResetAndRemoved()
    {
        var email = $"ann-{Guid.NewGuid():N}@people.test";
        var created = await Tenant.Client.PostAsJsonAsync("/v1/users", new { email, role = "developer" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.That(body.GetProperty("password").GetString(), Has.Length.EqualTo(20), "a made password, shown once");
        Assert.That((await Tenant.Client.PostAsJsonAsync("/v1/users", new { email = email.ToUpperInvariant(), role = "viewer" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        var listed = await Tenant.Client.GetStringAsync("/v1/users");
        Assert.That(listed, Does.Contain(id).And.Not.Contain("password"), "no secret in the list");
        var patched = await Tenant.Client.PatchAsJsonAsync($"/v1/users/{id}", new { role = "viewer" });
        Assert.That((await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString(), Is.EqualTo("viewer"));
        Assert.That((await Tenant.Client.PostAsync($"/v1/users/{id}/reset-second-factor", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Tenant.Client.DeleteAsync($"/v1/users/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Tenant.Client.GetAsync($"/v1/users/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("{\"email\":\"not-an-address\",\"role\":\"viewer\"}", "email")]
    [TestCase("{\"email\":\"a@people.test\",\"role\":\"operator\"}", "role")]
    [TestCase("{\"email\":\"a@people.test\",\"role\":\"viewer\",\"password\":\"short\"}", "password")]
    public async Task BadInputIs422NamingTheField(string json, string field)
    {
        var response = await Tenant.Client.PostAsync("/v1/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }
}
