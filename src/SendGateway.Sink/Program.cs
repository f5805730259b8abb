using System.Net;
using SendGateway.Sink;
using SendGateway.Smtp;

// Capture sink for local runs: `SendGateway.Sink --listen 127.0.0.1:2555 --dir .data/mail`.
// Every message it accepts becomes one .eml file; nothing is relayed anywhere.
var listen = IPEndPoint.Parse(ArgValue(args, "--listen") ?? "127.0.0.1:2555");
var directory = Path.GetFullPath(ArgValue(args, "--dir") ?? "mail");
Directory.CreateDirectory(directory);

await using var server = SmtpServer.Start(listen, () => new EmlFileHandler(directory), new SmtpSessionOptions { HostName = "sink.sendgateway.localhost" });
Console.WriteLine($"capture sink listening on {server.EndPoint}, writing to {directory}");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl-C or SIGTERM: dispose the listener and leave.
}

static string? ArgValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
