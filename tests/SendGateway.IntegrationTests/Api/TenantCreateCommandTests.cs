using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.CommandLine;

namespace SendGateway.IntegrationTests.Api;

/// <summary><c>tenant create</c> (issue 32 §1): the first key carries the role the operator names (owner by default) and says the command line made it.</summary>
[TestFixture]
[NonParallelizable] // it reads the console
public sealed class TenantCreateCommandTests() : TenantFixture("api")
{
    private Task<(int Code, string Output)> RunAsync(params string[] args) =>
        ConsoleCapture.RunAsync(() => TenantCreateCommand.RunAsync(Factory.Services, ["tenant", "create", .. args], CancellationToken.None));

    private static string Line(string output, string name) =>
        output.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    [Test]
    public async Task TheFirstKeyCarriesTheNamedRoleOwnerByDefault()
    {
        var (code, output) = await RunAsync("--name", $"cli-{Guid.NewGuid():N}", "--key-role", "developer");
        Assert.That(code, Is.Zero, output);
        Assert.That(Line(output, "key_role"), Is.EqualTo("developer"));
        using var developer = Factory.Authorized(Line(output, "api_key"));
        Assert.That((await developer.GetAsync("/v1/settings")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a developer's key changes no settings");
        var keys = await developer.GetFromJsonAsync<JsonElement>("/v1/api-keys");
        var key = keys.GetProperty("data")[0];
        Assert.That((key.GetProperty("role").GetString(), key.GetProperty("created_by").GetString()), Is.EqualTo(("developer", "cli")));

        var (ownerCode, ownerOutput) = await RunAsync("--name", $"cli-{Guid.NewGuid():N}");
        Assert.That(ownerCode, Is.Zero, ownerOutput);
        Assert.That(Line(ownerOutput, "key_role"), Is.EqualTo("owner"));
        using var owner = Factory.Authorized(Line(ownerOutput, "api_key"));
        Assert.That((await owner.GetAsync("/v1/settings")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await RunAsync("--name", "x", "--key-role", "root")).Code, Is.EqualTo(2));
    }
}
