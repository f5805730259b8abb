using System.Diagnostics;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A started process whose standard output and error are collected as they come, readable at any time.</summary>
public sealed class CapturedProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private CapturedProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process = new Process { StartInfo = start };
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Everything written so far, both streams interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CapturedProcess Start(ProcessStartInfo start) => new(start);

    /// <summary>Kills the process tree and waits for it; the output stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
