using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Suppressions;

/// <summary><c>/v1/settings</c>: the suppression rules and disposable-domain blocking change what the accept path does.</summary>
[TestFixture]
public sealed class SettingsTests() : TenantFixture("api,delivery,events", "settings-acme.test")
{
    private async Task<JsonElement> SendAsync(string to)
    {
        var response = await Tenant.SendAsync(new { from = new { email = $"news@{SenderDomain}" }, to = new[] { new { email = to } }, subject = "Hi", text = "Hello" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0];
    }

    private async Task PutAsync(object settings)
    {
        var response = await Tenant.Client.PutAsJsonAsync("/v1/settings", settings);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test, Order(1)]
    public async Task DefaultsAreReturnedAndInvalidValuesAre422()
    {
        var settings = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/settings");
        Assert.That(settings.GetProperty("hard_bounces_before_suppression").GetInt32(), Is.EqualTo(1));
        Assert.That(settings.GetProperty("block_disposable_domains").GetBoolean(), Is.False);

        var response = await Tenant.Client.PutAsJsonAsync("/v1/settings", new { hard_bounces_before_suppression = 0, suppression_validity_days = 0 });
        Assert.That((int)response.StatusCode, Is.EqualTo(422));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("hard_bounces_before_suppression", out _) && errors.TryGetProperty("suppression_validity_days", out _), Is.True, errors.ToString());
    }

    [Test, Order(2)]
    public async Task DisposableDomainsAreDroppedOnlyOnceTheTenantBlocksThem()
    {
        Assert.That((await SendAsync($"a{Guid.NewGuid():N}@mailinator.com")).GetProperty("status").GetString(), Is.EqualTo("accepted"));
        await PutAsync(new { block_disposable_domains = true });
        var dropped = await SendAsync($"a{Guid.NewGuid():N}@eu.yopmail.com");
        Assert.That(dropped.GetProperty("status").GetString(), Is.EqualTo("dropped"));
        Assert.That(dropped.GetProperty("reason").GetString(), Is.EqualTo("disposable_domain"));
        await PutAsync(new { block_disposable_domains = false });
    }

    [Test, Order(3)]
    public async Task WithTwoHardBouncesRequiredTheFirstDoesNotSuppressAndTheSecondDoesWithTheConfiguredValidity()
    {
        await PutAsync(new { hard_bounces_before_suppression = 2, suppression_validity_days = 30 });
        var rcpt = $"hardbounce+{Guid.NewGuid():N}@simulator.sendgateway.test";
        await Tenant.WaitForStatusAsync((await SendAsync(rcpt)).GetProperty("id").GetString()!, "hardbounce");
        Assert.That((await Tenant.Client.GetAsync($"/v1/suppressions/{rcpt}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var second = await SendAsync(rcpt);
        Assert.That(second.GetProperty("status").GetString(), Is.EqualTo("accepted"));
        await Tenant.WaitForStatusAsync(second.GetProperty("id").GetString()!, "hardbounce");
        JsonElement? entry = null;
        for (var i = 0; i < 100 && entry is null; i++)
        {
            var response = await Tenant.Client.GetAsync($"/v1/suppressions/{rcpt}");
            entry = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
            await Task.Delay(entry is null ? 100 : 0);
        }

        Assert.That(entry, Is.Not.Null, "two hard bounces must suppress");
        var expires = entry!.Value.GetProperty("expires_at").GetDateTime();
        Assert.That(expires, Is.EqualTo(DateTime.UtcNow.AddDays(30)).Within(TimeSpan.FromMinutes(5)));
        await PutAsync(new { hard_bounces_before_suppression = 1, suppressions_never_expire = true });
    }
}
