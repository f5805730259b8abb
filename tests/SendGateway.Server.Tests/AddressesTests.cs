using SendGateway.Server.Common;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Tests;

/// <summary>
/// The one address grammar (issue 32 §7, reliability.md T37): plain mailboxes only, dot-atom or simple quoted local
/// parts, ASCII unless the relay's submitter declared SMTPUTF8.
/// </summary>
[TestFixture]
public sealed class AddressesTests
{
    [TestCase("Ann.Lee+tag@Example.TEST", "Ann.Lee+tag@example.test")]
    [TestCase("  ann@example.test ", "ann@example.test")]
    [TestCase("o'brien@example.test", "o'brien@example.test")]
    [TestCase("\"ann lee\"@example.test", "\"ann lee\"@example.test")]
    [TestCase("\"ann..lee\"@example.test", "\"ann..lee\"@example.test")]
    [TestCase("a@xn--bcher-kva.example", "a@xn--bcher-kva.example")]
    [TestCase("a,b@example.test", null)]
    [TestCase("a@example.test,b@example.test", null)]
    [TestCase("a;b@example.test", null)]
    [TestCase("ann(boss)@example.test", null)]
    [TestCase("ann@example.test (boss)", null)]
    [TestCase("ann@(boss)example.test", null)]
    [TestCase("Ann <ann@example.test>", null)]
    [TestCase("<ann@example.test>", null)]
    [TestCase("\"Ann\" ann@example.test", null)]
    [TestCase("ann@[192.0.2.1]", null)]
    [TestCase("ann@[IPv6:::1]", null)]
    [TestCase("@route:ann@example.test", null)]
    [TestCase("ann..lee@example.test", null)]
    [TestCase(".ann@example.test", null)]
    [TestCase("ann.@example.test", null)]
    [TestCase("\"\"@example.test", null)]
    [TestCase("\"a\\\"b\"@example.test", null)]
    [TestCase("\"a,b\"@example.test", null)]
    [TestCase("\"a@b\"@example.test", null)]
    [TestCase("ann@localhost", null)]
    [TestCase("ann@-example.test", null)]
    [TestCase("ann@exa_mple.test", null)]
    [TestCase("ann lee@example.test", null)]
    [TestCase("ann\r\n@example.test", null)]
    [TestCase("ünï@example.test", null)]
    [TestCase("ann@bücher.example", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void OnlyAPlainMailboxIsAnAddress(string? input, string? expected) =>
        Assert.That(Addresses.Normalize(input), Is.EqualTo(expected));

    [Test]
    public void ANonAsciiLocalPartPassesOnlyWithSmtpUtf8AndADomainOnlyInItsXnForm()
    {
        Assert.That(Addresses.Normalize("ünï@Example.test", smtpUtf8: true), Is.EqualTo("ünï@example.test"));
        Assert.That(Addresses.TryNormalize("ünï@example.test", smtpUtf8: false, out _, out var problem), Is.False);
        Assert.That(problem, Does.Contain("SMTPUTF8"));
        Assert.That(Addresses.Normalize("a@bücher.example", smtpUtf8: true), Is.Null);
    }

    [TestCase("a,b@x.test", "commas")]
    [TestCase("a(c)@x.test", "comments")]
    [TestCase("a@[192.0.2.1]", "domain literals")]
    [TestCase("A <a@x.test>", "display name")]
    public void TheRefusalSaysWhyWithoutQuotingTheAddress(string input, string reason)
    {
        Assert.That(Addresses.TryNormalize(input, smtpUtf8: false, out _, out var problem), Is.False);
        Assert.That(problem, Does.Contain(reason).And.Not.Contain(input));
    }

    [TestCase("a,b@example.test")]
    [TestCase("a(c)@example.test")]
    [TestCase("Ann <ann@example.test>")]
    public void TheSuppressionListTakesOnlyPlainMailboxes(string input) => Assert.That(SuppressionKeys.Normalize(input), Is.Null);
}
