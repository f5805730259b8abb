using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// <c>/v1/users</c> (api.md §5): panel users of the tenant, managed through the API with scope <c>manage</c>; invitations
/// and resets are one-time links (issue 32 §4), and an address of another tenant is answered like any other (§7).
/// </summary>
[TestFixture]
public sealed class UsersApiTests() : TenantFixture("api")
{
    [Test]
    public async Task AnInvitationAnswersWithAOneTimeLinkAndNoPasswordAndMakesNoAccountUntilUsed()
    {
        var email = $"ann-{Guid.NewGuid():N}@people.test";
        var created = await Tenant.Client.PostAsJsonAsync("/v1/users", new { email, role = "developer" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.TryGetProperty("password", out _), Is.False, "no password is made or shown");
        Assert.That(body.GetProperty("invitation_url").GetString(), Does.StartWith("http://localhost/panel/welcome/"), "no system sender: the link, shown once");
        Assert.That(body.GetProperty("invitation_mailed").GetBoolean(), Is.False);
        Assert.That(body.GetProperty("purpose").GetString(), Is.EqualTo("invite"));
        var id = body.GetProperty("id").GetString()!;
        Assert.That((await Tenant.Client.GetAsync($"/v1/users/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the account exists once the link is used");

        var link = new Uri(body.GetProperty("invitation_url").GetString()!).AbsolutePath;
        Assert.That(await Tenant.Client.GetStringAsync(link), Does.Contain("Welcome to SendGateway").And.Contain(email));
        var again = await (await Tenant.Client.PostAsJsonAsync("/v1/users", new { email, role = "viewer" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(again.GetProperty("invitation_url").GetString(), Is.Not.EqualTo(body.GetProperty("invitation_url").GetString()));
        Assert.That(await Tenant.Client.GetStringAsync(link), Does.Contain("This link cannot be used"), "a newer link replaces the older");
        var first = (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString()?.Contains($"user={id} ", StringComparison.Ordinal) == true)
            .Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("target").GetString()}").ToList();
        Assert.That(first.Count(a => a.StartsWith("user.invitation_created ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(first.Count(a => a.StartsWith("user.invitation_shown ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(first.Any(a => a.StartsWith("user.invitation_refused ", StringComparison.Ordinal) && a.EndsWith("reason=replaced", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task AUserIsListedChangedResetToALinkThatClearsPasswordAndFactorAndRemoved()
    {
        var email = $"bob-{Guid.NewGuid():N}@people.test";
        var accounts = Factory.Services.GetRequiredService<UserAccounts>();
        var id = (await accounts.CreateAsync(Tenant.Id, email, PanelRoles.Developer, null, enrolTotp: true, CancellationToken.None))!.Id;
        var conflict = await Tenant.Client.PostAsJsonAsync("/v1/users", new { email = email.ToUpperInvariant(), role = "viewer" });
        Assert.That(conflict.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the same tenant may know its own people");

        var listed = await Tenant.Client.GetStringAsync("/v1/users");
        Assert.That(listed, Does.Contain(id).And.Not.Contain("password"), "no secret in the list");
        var patched = await Tenant.Client.PatchAsJsonAsync($"/v1/users/{id}", new { role = "viewer" });
        Assert.That((await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString(), Is.EqualTo("viewer"));

        var store = Factory.Services.GetRequiredService<UserStore>();
        Assert.That(await store.FindForSignInAsync(email, CancellationToken.None), Is.Not.Null);
        var reset = await Tenant.Client.PostAsync($"/v1/users/{id}/reset", null);
        Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.OK), await reset.Content.ReadAsStringAsync());
        var link = await reset.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(link.GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(link.GetProperty("purpose").GetString(), Is.EqualTo("reset"));
        Assert.That(link.GetProperty("invitation_url").GetString(), Does.Contain("/panel/welcome/"));
        Assert.That(await store.FindForSignInAsync(email, CancellationToken.None), Is.Null, "no password signs in until the holder sets one");
        Assert.That((await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/users/{id}")).GetProperty("second_factor").GetBoolean(), Is.False, "the factor is cleared too");
        var older = await Tenant.Client.PostAsync($"/v1/users/{id}/reset-second-factor", null);
        Assert.That(older.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the older path makes the same link");

        Assert.That((await Tenant.Client.DeleteAsync($"/v1/users/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Tenant.Client.GetAsync($"/v1/users/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Tenant.Client.PostAsync($"/v1/users/{id}/reset", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AnAddressWithAnAccountInAnotherTenantGetsTheSame201AsAnyOther()
    {
        using var other = await Factory.CreateTenantAsync();
        var taken = $"taken-{Guid.NewGuid():N}@people.test";
        await Factory.Services.GetRequiredService<UserAccounts>().CreateAsync(other.Id, taken, PanelRoles.Owner, null, enrolTotp: true, CancellationToken.None);

        var fresh = await Tenant.Client.PostAsJsonAsync("/v1/users", new { email = $"fresh-{Guid.NewGuid():N}@people.test", role = "viewer" });
        var elsewhere = await Tenant.Client.PostAsJsonAsync("/v1/users", new { email = taken, role = "viewer" });
        Assert.That(elsewhere.StatusCode, Is.EqualTo(fresh.StatusCode).And.EqualTo(HttpStatusCode.Created), await elsewhere.Content.ReadAsStringAsync());
        static List<string> Shape(JsonElement body) => body.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}").Order().ToList();
        Assert.That(Shape(await elsewhere.Content.ReadFromJsonAsync<JsonElement>()), Is.EqualTo(Shape(await fresh.Content.ReadFromJsonAsync<JsonElement>())));
        Assert.That((await other.Client.PostAsJsonAsync("/v1/users", new { email = taken, role = "viewer" })).StatusCode, Is.EqualTo(HttpStatusCode.Conflict),
            "its own tenant is told");
    }

    [TestCase("{\"email\":\"not-an-address\",\"role\":\"viewer\"}", "email")]
    [TestCase("{\"email\":\"a@people.test\",\"role\":\"operator\"}", "role")]
    public async Task BadInputIs422NamingTheField(string json, string field)
    {
        var response = await Tenant.Client.PostAsync("/v1/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }
}
