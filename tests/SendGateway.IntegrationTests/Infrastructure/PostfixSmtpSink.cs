using System.Diagnostics;
using System.Net;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Postfix's own test server, <c>smtp-sink</c>, on one 127.0.0.x address (reliability.md §7).</summary>
public sealed class PostfixSmtpSink : IAsyncDisposable
{
    private readonly Process _process;

    private PostfixSmtpSink(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static string? Executable => new[] { "/usr/sbin/smtp-sink", "/usr/bin/smtp-sink" }.FirstOrDefault(File.Exists);

    /// <summary>Starts smtp-sink with extra switches, e.g. <c>-f rcpt</c> to hard-reject RCPT.</summary>
    public static async Task<PostfixSmtpSink> StartAsync(IPEndPoint endPoint, string[] switches, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("smtp-sink is not installed (apt-get install postfix)."))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in switches.Concat(Environment.UserName == "root" ? ["-u", "nobody"] : Array.Empty<string>()).Append($"{endPoint.Address}:{endPoint.Port}").Append("64"))
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(endPoint, cancellationToken);
                return new PostfixSmtpSink(process, endPoint);
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        process.Kill();
        throw new InvalidOperationException($"smtp-sink did not listen on {endPoint}.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
