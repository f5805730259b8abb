using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.CommandLine;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Api;

/// <summary><c>user create</c> (api.md §7a): prints the password it made and, with <c>--totp</c>, a working otpauth URI.</summary>
[TestFixture]
[NonParallelizable] // it reads the console
public sealed class UserCreateCommandTests() : TenantFixture("api")
{
    private Task<(int Code, string Output)> RunAsync(params string[] args) =>
        ConsoleCapture.RunAsync(() => UserCreateCommand.RunAsync(Factory.Services, ["user", "create", .. args], CancellationToken.None));

    [Test]
    public async Task ATenantUserWithTotpAndAnOperatorAreCreatedAndBadInputIsRefused()
    {
        var email = $"cli-{Guid.NewGuid():N}@people.test";
        var (code, output) = await RunAsync("--tenant", Tenant.Id, "--email", email, "--role", "admin", "--totp");
        Assert.That(code, Is.Zero, output);
        var password = output.Split('\n').Single(l => l.StartsWith("password:", StringComparison.Ordinal))["password:".Length..].Trim();
        var uri = new Uri(output.Split('\n').Single(l => l.StartsWith("totp:", StringComparison.Ordinal))["totp:".Length..].Trim());
        Assert.That(uri.Scheme, Is.EqualTo("otpauth"));
        var found = await Factory.Services.GetRequiredService<UserStore>().FindForSignInAsync(email, CancellationToken.None);
        Assert.That(found!.Value.User.TotpEnabled, Is.True, "--totp: the factor is on at once");
        Assert.That(Factory.Services.GetRequiredService<PanelPasswords>().Verify(found.Value.PasswordHash, password), Is.True, "the printed password signs in");
        var (secret, _) = await Factory.Services.GetRequiredService<UserStore>().GetTotpAsync(found.Value.User.Id, CancellationToken.None);
        Assert.That(secret, Is.EqualTo(Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(uri.Query)["secret"]!)), "the URI holds the stored secret");

        var (operatorCode, operatorOutput) = await RunAsync("--email", $"ops-{Guid.NewGuid():N}@people.test", "--password", "a-long-enough-password");
        Assert.That(operatorCode, Is.Zero, operatorOutput);
        Assert.That(operatorOutput, Does.Contain("role:     operator").And.Not.Contain("password:"), "a given password is not printed");

        Assert.That((await RunAsync("--tenant", Tenant.Id, "--email", email, "--role", "admin")).Code, Is.EqualTo(1), "the address has an account");
        Assert.That((await RunAsync("--tenant", Tenant.Id, "--email", "nope", "--role", "admin")).Code, Is.EqualTo(2));
        Assert.That((await RunAsync("--tenant", Tenant.Id, "--email", "a@people.test", "--role", "operator")).Code, Is.EqualTo(2));
        Assert.That((await RunAsync("--tenant", "ten_missing", "--email", "b@people.test", "--role", "viewer")).Code, Is.EqualTo(2));
    }
}
