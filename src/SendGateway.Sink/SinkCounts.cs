using System.Globalization;

namespace SendGateway.Sink;

/// <summary>What the sink answered so far: messages accepted, recipients refused temporarily and permanently.</summary>
public sealed class SinkCounts
{
    private long _accepted;
    private long _temporary;
    private long _permanent;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Temporary => Interlocked.Read(ref _temporary);

    public long Permanent => Interlocked.Read(ref _permanent);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountTemporary() => Interlocked.Increment(ref _temporary);

    public void CountPermanent() => Interlocked.Increment(ref _permanent);

    /// <summary>One line a script can parse: <c>counts accepted=N temporary=N permanent=N</c>.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"counts accepted={Accepted} temporary={Temporary} permanent={Permanent}");

    /// <summary>Writes <see cref="Format"/> every <paramref name="interval"/> when it changed, and once more when stopped.</summary>
    public async Task WriteEveryAsync(TextWriter output, TimeSpan interval, CancellationToken cancellationToken)
    {
        var last = string.Empty;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                last = WriteIfChanged(output, last);
            }
        }
        catch (OperationCanceledException)
        {
            WriteIfChanged(output, last);
        }
    }

    private string WriteIfChanged(TextWriter output, string last)
    {
        var line = Format();
        if (line != last)
        {
            output.WriteLine(line);
        }

        return line;
    }
}
