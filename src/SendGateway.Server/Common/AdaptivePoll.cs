using System.Diagnostics;

namespace SendGateway.Server.Common;

/// <summary>
/// The rhythm of a polling loop (streams are polled, never blocked on: SE.Redis #1158): 1 ms after a round that found
/// work, doubling while idle up to a cap; and when its periodic take-over of a dead consumer's entries is due.
/// </summary>
internal sealed class AdaptivePoll(TimeSpan maxDelay, TimeSpan reclaimEvery, bool reclaimAtStart)
{
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(1);
    private TimeSpan _delay = Busy;
    private long _lastReclaim = Stopwatch.GetTimestamp();
    private bool _reclaimNow = reclaimAtStart;

    /// <summary>True once every <c>reclaimEvery</c> (and at the first call when asked to reclaim at start).</summary>
    public bool ReclaimDue()
    {
        if (!_reclaimNow && Stopwatch.GetElapsedTime(_lastReclaim) <= reclaimEvery)
        {
            return false;
        }

        _reclaimNow = false;
        _lastReclaim = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>The pause before the next round.</summary>
    public TimeSpan Next(bool foundWork) => _delay = foundWork ? Busy : TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, maxDelay.Ticks));
}
