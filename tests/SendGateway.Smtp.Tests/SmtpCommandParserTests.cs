using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Tests;

[TestFixture]
public sealed class SmtpCommandParserTests
{
    [TestCase("EHLO client.test", SmtpVerb.Ehlo, "client.test")]
    [TestCase("ehlo client.test", SmtpVerb.Ehlo, "client.test")]
    [TestCase("HELO x", SmtpVerb.Helo, "x")]
    [TestCase("MAIL FROM:<a@b.test> SIZE=10", SmtpVerb.Mail, "FROM:<a@b.test> SIZE=10")]
    [TestCase("RCPT TO:<a@b.test>", SmtpVerb.Rcpt, "TO:<a@b.test>")]
    [TestCase("DATA", SmtpVerb.Data, "")]
    [TestCase("QUIT", SmtpVerb.Quit, "")]
    [TestCase("VRFY root", SmtpVerb.Vrfy, "root")]
    [TestCase("GET / HTTP/1.1", SmtpVerb.Unknown, "/ HTTP/1.1")]
    [TestCase("", SmtpVerb.Unknown, "")]
    public void ParsesVerbAndArgument(string line, SmtpVerb verb, string argument)
    {
        var command = SmtpCommandParser.Parse(line);
        Assert.That(command.Verb, Is.EqualTo(verb));
        Assert.That(command.Argument, Is.EqualTo(argument));
    }

    [TestCase("FROM:<a@b.test>", "a@b.test")]
    [TestCase("FROM: <a@b.test>", "a@b.test")]
    [TestCase("from:<a@b.test> SIZE=100 BODY=8BITMIME", "a@b.test")]
    [TestCase("FROM:<>", "")]
    public void ParsesReversePaths(string argument, string address)
    {
        Assert.That(SmtpCommandParser.TryParsePath(argument, "FROM:", allowNull: true, out var path), Is.True);
        Assert.That(path!.Address, Is.EqualTo(address));
    }

    [Test]
    public void ReadsEsmtpParameters()
    {
        SmtpCommandParser.TryParsePath("FROM:<a@b.test> SIZE=100 BODY=8BITMIME SMTPUTF8", "FROM:", true, out var path);
        Assert.That(path!.Parameters["SIZE"], Is.EqualTo("100"));
        Assert.That(path.Parameters["body"], Is.EqualTo("8BITMIME"));
        Assert.That(path.Parameters.ContainsKey("SMTPUTF8"), Is.True);
    }

    [TestCase("TO:<>")]
    [TestCase("TO:a@b.test")]
    [TestCase("TO:<a@b.test")]
    [TestCase("TO:<@relay.test:a@b.test>")]
    [TestCase("TO:<a b@c.test>")]
    [TestCase("TO:<a@>")]
    [TestCase("TO:<@b.test>")]
    [TestCase("TO:<u@b@relay.test>")]
    [TestCase("FROM:<a@b.test>")]
    public void RefusesInvalidForwardPaths(string argument)
    {
        Assert.That(SmtpCommandParser.TryParsePath(argument, "TO:", allowNull: false, out _), Is.False);
    }

    [Test]
    public void AcceptsTheRfcLengthFloorsAndRefusesOneMore()
    {
        var local64 = new string('l', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 62), 3)) + ".test";
        Assert.That(SmtpCommandParser.IsValidMailbox($"{local64}@b.test"), Is.True);
        Assert.That(SmtpCommandParser.IsValidMailbox($"{local64}l@b.test"), Is.False);
        Assert.That(SmtpCommandParser.IsValidMailbox($"a@{domain}"), Is.True);
        Assert.That(SmtpCommandParser.IsValidMailbox($"a@{new string('d', 256)}"), Is.False);
    }
}
