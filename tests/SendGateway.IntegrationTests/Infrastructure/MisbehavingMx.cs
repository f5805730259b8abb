using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The zoo of misbehaving MX servers (reliability.md T113), on <see cref="RawMx"/>: a correct conversation in which one
/// <see cref="MxStep"/> is replaced by a trick (any reply, garbage, a close mid-reply, silence, a broken TLS handshake),
/// on the first connection only (<see cref="Once"/>: a temporary failure must then end delivered) or on every one
/// (<see cref="Always"/>). Replies may be dripped a byte at a time.
/// </summary>
public static class MisbehavingMx
{
    public static RawMx Once(MxStep step, Func<RawMxConnection, Task> trick, bool startTls = false) =>
        new(async (c, n) => await ServeAsync(c, n == 0 ? step : null, trick, startTls, drip: TimeSpan.Zero));

    public static RawMx Always(MxStep step, Func<RawMxConnection, Task> trick, bool startTls = false) =>
        new(async (c, _) => await ServeAsync(c, step, trick, startTls, drip: TimeSpan.Zero));

    /// <summary>A correct server that sends every reply one byte at a time, <paramref name="perByte"/> apart.</summary>
    public static RawMx Dripping(TimeSpan perByte) => new(async (c, _) => await ServeAsync(c, null, null, startTls: false, perByte));

    /// <summary>A trick: this reply instead of the correct one (several lines joined by CRLF are one multi-line reply).</summary>
    public static Func<RawMxConnection, Task> Reply(string reply) => c => c.WriteAsync(reply);

    /// <summary>A trick: the first part of a reply, then the connection closed.</summary>
    public static Func<RawMxConnection, Task> CloseAfter(string partial) => async c =>
    {
        await c.WriteRawAsync(Encoding.ASCII.GetBytes(partial));
        c.Close();
    };

    /// <summary>A trick: nothing at all, for ever (the client's timeout must end it).</summary>
    public static Task Silence(RawMxConnection c) => Task.Delay(Timeout.Infinite);

    /// <summary>A trick at STARTTLS: "go ahead", then bytes that are no TLS record, then a close.</summary>
    public static async Task BrokenTls(RawMxConnection c)
    {
        await c.WriteAsync("220 2.0.0 Ready to start TLS");
        await c.WriteRawAsync(Encoding.ASCII.GetBytes("this is not a TLS ServerHello\r\n"));
        c.Close();
    }

    private static async Task ServeAsync(RawMxConnection c, MxStep? at, Func<RawMxConnection, Task>? trick, bool startTls, TimeSpan drip)
    {
        async Task Answer(MxStep step, string correct)
        {
            if (step == at && trick is not null)
            {
                await trick(c);
            }
            else if (drip > TimeSpan.Zero)
            {
                foreach (var b in Encoding.ASCII.GetBytes(correct + "\r\n"))
                {
                    await c.WriteRawAsync([b]);
                    await Task.Delay(drip);
                }
            }
            else
            {
                await c.WriteAsync(correct);
            }
        }

        await Answer(MxStep.Greeting, "220 zoo.mx.test ESMTP");
        while (await c.ReadLineAsync() is { } line)
        {
            switch (line.Split(' ', 2)[0].ToUpperInvariant())
            {
                case "EHLO" or "HELO":
                    await Answer(MxStep.Ehlo, startTls ? "250-zoo.mx.test\r\n250 STARTTLS" : "250 zoo.mx.test");
                    break;
                case "STARTTLS":
                    await Answer(MxStep.StartTls, "454 4.7.0 TLS not available");
                    break;
                case "MAIL":
                    await Answer(MxStep.Mail, "250 2.1.0 Ok");
                    break;
                case "RCPT":
                    await Answer(MxStep.Rcpt, "250 2.1.5 Ok");
                    break;
                case "DATA":
                    await Answer(MxStep.Data, "354 End data with <CR><LF>.<CR><LF>");
                    if (MxStep.Data == at)
                    {
                        break; // the trick replaced the 354: no message follows
                    }

                    c.Owner.Received.Enqueue(await c.ReadDataAsync());
                    await Answer(MxStep.AfterDot, "250 2.0.0 Ok: queued");
                    break;
                case "QUIT":
                    await c.WriteAsync("221 2.0.0 Bye");
                    return;
                default:
                    await c.WriteAsync("250 2.0.0 Ok");
                    break;
            }
        }
    }
}
