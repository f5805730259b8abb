using System.Diagnostics;

namespace SendGateway.Smtp.IO;

/// <summary>
/// The deadline for message content, as Postfix's <c>smtpd_min_data_rate</c>: the content must arrive within
/// <c>grace + received / rate</c> (so a client that trickles bytes below the rate runs out of time), and never beyond
/// <c>max</c>. A rate of 0 leaves only <c>max</c>.
/// </summary>
internal sealed class DataDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly TimeSpan _grace;
    private readonly TimeSpan _max;
    private readonly int _minBytesPerSecond;

    public DataDeadline(SmtpLimits limits, CancellationToken cancellationToken)
    {
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _grace = limits.CommandTimeout < limits.DataTimeout ? limits.CommandTimeout : limits.DataTimeout;
        _max = limits.DataTimeout;
        _minBytesPerSecond = limits.MinDataRate;
        _timeout.CancelAfter(_minBytesPerSecond > 0 ? _grace : _max);
    }

    public CancellationToken Token => _timeout.Token;

    /// <summary>Moves the deadline after <paramref name="totalBytes"/> of content have arrived in all.</summary>
    public void Received(long totalBytes)
    {
        if (_minBytesPerSecond <= 0)
        {
            return;
        }

        var allowed = _grace + TimeSpan.FromSeconds(totalBytes / (double)_minBytesPerSecond);
        var remaining = (allowed < _max ? allowed : _max) - Stopwatch.GetElapsedTime(_start);
        _timeout.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
    }

    public void Dispose() => _timeout.Dispose();
}
