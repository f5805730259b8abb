using System.IO.Pipelines;
using System.Text;
using SendGateway.Smtp.IO;

namespace SendGateway.Smtp.Tests;

/// <summary>The DATA reader: only CRLF.CRLF ends a message; everything else is read to the end and refused (reliability.md T01–T04, T18, T19).</summary>
[TestFixture]
public sealed class SmtpDataReaderTests
{
    private static async Task<DataOutcome> ReadAsync(byte[] input, int maxLine = 1000, long maxBytes = 1 << 20)
    {
        // The reader runs while the writer writes: a pipe pauses writers past its threshold, as a socket would.
        var pipe = new Pipe();
        var reading = pipe.Reader.ReadDataAsync(maxLine, maxBytes, CancellationToken.None).AsTask();
        for (var offset = 0; offset < input.Length; offset += 4096)
        {
            await pipe.Writer.WriteAsync(input.AsMemory(offset, Math.Min(4096, input.Length - offset)));
        }

        await pipe.Writer.CompleteAsync();
        return await reading;
    }

    private static Task<DataOutcome> ReadAsync(string input, int maxLine = 1000, long maxBytes = 1 << 20) => ReadAsync(Encoding.ASCII.GetBytes(input), maxLine, maxBytes);

    [Test]
    public async Task ReadsToCrLfDotCrLfAndUnstuffsDots()
    {
        var outcome = await ReadAsync("Subject: a\r\n\r\n..one\r\n...two\r\n.\r\nNEXT COMMAND\r\n");
        Assert.That(outcome.Status, Is.EqualTo(DataStatus.Complete));
        Assert.That(Encoding.ASCII.GetString(outcome.Content), Is.EqualTo("Subject: a\r\n\r\n.one\r\n..two\r\n"));
    }

    [Test]
    public async Task LeavesTheNextCommandInThePipe()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("body\r\n.\r\nQUIT\r\n"));
        await pipe.Reader.ReadDataAsync(1000, 1 << 20, CancellationToken.None);
        var next = await pipe.Reader.ReadCommandLineAsync(512, CancellationToken.None);
        Assert.That(next.Text, Is.EqualTo("QUIT"));
    }

    // The smtp_smuggling_checker / smtpsmug payloads: none of these ends DATA, all are refused as bare line ends.
    [TestCase("a\n.\nMAIL FROM:<x@y>\r\n.\r\n")]
    [TestCase("a\n.\r\nMAIL FROM:<x@y>\r\n.\r\n")]
    [TestCase("a\r\n.\nMAIL FROM:<x@y>\r\n.\r\n")]
    [TestCase("a\r.\r\nMAIL FROM:<x@y>\r\n.\r\n")]
    [TestCase("a\r\n.\rMAIL FROM:<x@y>\r\n.\r\n")]
    [TestCase("a\n\n.\r\nMAIL FROM:<x@y>\r\n.\r\n")]
    [TestCase("bare\rcr\r\n.\r\n")]
    public async Task SmugglingSequencesAreNotAnEndOfDataAndTheMessageIsRefused(string input)
    {
        var outcome = await ReadAsync(input);
        Assert.That(outcome.Status, Is.EqualTo(DataStatus.BareNewline));
        Assert.That(outcome.Content, Is.Empty);
    }

    [TestCase("a\r\n\0.\r\nb\r\n.\r\n")]
    [TestCase("a\r\n.\0\r\nb\r\n.\r\n")]
    [TestCase("a\r\n\0.\nb\r\n.\r\n")]
    public async Task ANulNextToADotIsNotAnEndOfDataAndTheMessageIsRefused(string input)
    {
        var outcome = await ReadAsync(input);
        Assert.That(outcome.Status, Is.AnyOf(DataStatus.Nul, DataStatus.BareNewline));
        Assert.That(outcome.Content, Is.Empty);
    }

    [Test]
    public async Task ConnectionLostBeforeTheDotIsClosedNotAMessage()
    {
        var outcome = await ReadAsync("a\r\n.");
        Assert.That(outcome.Status, Is.EqualTo(DataStatus.Closed));
    }

    [Test]
    public async Task ALineOfExactly1000OctetsIsAcceptedAnd1001IsRefused()
    {
        var ok = await ReadAsync(new string('x', 998) + "\r\n.\r\n");
        Assert.That(ok.Status, Is.EqualTo(DataStatus.Complete));
        var tooLong = await ReadAsync(new string('x', 999) + "\r\n.\r\n");
        Assert.That(tooLong.Status, Is.EqualTo(DataStatus.LineTooLong));
    }

    [Test]
    public async Task AHugeLineIsDiscardedWhileReadingAndTheEndIsStillFound()
    {
        var input = Encoding.ASCII.GetBytes(new string('x', 5_000_000) + "\r\n.\r\n");
        var outcome = await ReadAsync(input);
        Assert.That(outcome.Status, Is.EqualTo(DataStatus.LineTooLong));
    }

    [Test]
    public async Task ContentOverTheSizeLimitIsReadToTheEndAndRefused()
    {
        var outcome = await ReadAsync(string.Concat(Enumerable.Repeat("0123456789\r\n", 200)) + ".\r\n", maxBytes: 1000);
        Assert.That(outcome.Status, Is.EqualTo(DataStatus.TooLarge));
        Assert.That(outcome.Content, Is.Empty);
    }
}
