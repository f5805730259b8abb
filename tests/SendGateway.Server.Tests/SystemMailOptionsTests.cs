using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.SystemMail;
using SendGateway.Server.Users;

namespace SendGateway.Server.Tests;

/// <summary>
/// The system sender (<c>SendGateway:SystemMail</c>) and the invitation links' base address are checked for form at
/// start (whether the domain is proven is checked at each send): a malformed one stops the start naming its key.
/// </summary>
public sealed class SystemMailOptionsTests
{
    [TestCase("no-reply@mail.example.test", "ten_1", true)]
    [TestCase(null, null, true)]
    [TestCase("no-reply@mail.example.test", null, false)]
    [TestCase(null, "ten_1", false)]
    [TestCase("not an address", "ten_1", false)]
    [TestCase("a@b.test, ceo@other.test", "ten_1", false)]
    [TestCase("no-reply@[127.0.0.1]", "ten_1", false)]
    public void TheSenderIsBothAPlainAddressAndATenantOrNeither(string? from, string? tenantId, bool valid) =>
        Assert.That(Starts<SystemMailOptions>("SendGateway:SystemMail", new() { ["SendGateway:SystemMail:From"] = from, ["SendGateway:SystemMail:TenantId"] = tenantId }), Is.EqualTo(valid));

    [TestCase(null, true)]
    [TestCase("https://mail.example.test", true)]
    [TestCase("https://mail.example.test/base/", true)]
    [TestCase("mail.example.test", false)]
    [TestCase("javascript:alert(1)", false)]
    [TestCase("https://mail.example.test/?next=x", false)]
    public void TheLinksBaseAddressIsAnAbsoluteHttpAddress(string? baseUrl, bool valid) =>
        Assert.That(Starts<InvitationOptions>("SendGateway:Invitations", new() { ["SendGateway:Invitations:BaseUrl"] = baseUrl }), Is.EqualTo(valid));

    private static bool Starts<T>(string section, Dictionary<string, string?> values)
        where T : class
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddValidatedOptions<T>(section);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<T>>().Value;
            return true;
        }
        catch (OptionsValidationException)
        {
            return false;
        }
    }
}
