using SendGateway.Sink;
using SendGateway.Smtp;

// Capture sink for local runs: `SendGateway.Sink --listen 127.0.0.1:2555 --dir .data/mail`.
// Every message it accepts becomes one .eml file; nothing is relayed anywhere.
// Smart sink for benchmarks (make bench-kumo): `--temporary-percent 5 --permanent-percent 2 --seed 1 --discard
// --counts-interval-ms 50` refuses that share of recipients at RCPT (451 4.3.0 / 550 5.1.1), writes nothing, and prints
// "counts accepted=N temporary=N permanent=N" to standard output whenever the counts changed, at most every 50 ms.
var options = SinkOptions.Parse(args);
if (!options.Discard)
{
    Directory.CreateDirectory(options.Directory);
}

var counts = new SinkCounts();
var verdicts = new RecipientVerdicts(options.TemporaryPercent, options.PermanentPercent, options.Seed, counts);
var store = options.Discard ? null : new EmlFileHandler(options.Directory);
// A sink stands in for a large receiver: a sender reusing one connection for thousands of messages sends as many RSETs,
// which a server counts as junk commands past a limit; the sink never cuts it off for that.
var session = new SmtpSessionOptions { HostName = "sink.sendgateway.localhost", Limits = new SmtpLimits { MaxJunkCommands = int.MaxValue } };
await using var server = SmtpServer.Start(options.Listen, () => new SmartSinkHandler(verdicts, counts, store), session);
Console.WriteLine(options.Discard
    ? $"capture sink listening on {server.EndPoint}, discarding (counting only)"
    : $"capture sink listening on {server.EndPoint}, writing to {options.Directory}");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await (options.CountsInterval > TimeSpan.Zero ? counts.WriteEveryAsync(Console.Out, options.CountsInterval, stop.Token) : Task.Delay(Timeout.Infinite, stop.Token));
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM: dispose the listener and leave.
}
