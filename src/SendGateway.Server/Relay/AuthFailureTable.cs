namespace SendGateway.Server.Relay;

/// <summary>
/// Failed SMTP logins per key (a client address or a username) in a sliding window, on this node. Bounded by
/// <see cref="RelayOptions.MaxAuthFailureEntries"/>: when full, keys whose window has passed go first, then the keys
/// with the oldest last failure that are not throttled, and only then throttled ones, down to nine tenths of the
/// bound. A spray of one failure each for many usernames or addresses therefore never clears a throttled key's count.
/// </summary>
internal sealed class AuthFailureTable(int maxEntries, TimeSpan window, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FailureWindow> _failures = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();

    /// <summary>Keys held now (never more than the bound, give or take concurrent additions).</summary>
    public int Count => _failures.Count;

    public bool IsThrottled(string key, int limit) => _failures.TryGetValue(key, out var failures) && failures.Count(time.GetUtcNow(), window) >= limit;

    /// <summary>
    /// Counts a failure for <paramref name="key"/>. <paramref name="limitOf"/> tells a key's limit: a key keeps no more
    /// failure times than that, and throttled keys are the last to go when room must be made.
    /// </summary>
    public void Fail(string key, Func<string, int> limitOf)
    {
        var now = time.GetUtcNow();
        if (!_failures.ContainsKey(key) && _failures.Count >= maxEntries)
        {
            MakeRoom(now, limitOf);
        }

        _failures.GetOrAdd(key, _ => new FailureWindow()).Add(now, limitOf(key));
    }

    private void MakeRoom(DateTimeOffset now, Func<string, int> limitOf)
    {
        lock (_sweep)
        {
            if (_failures.Count < maxEntries)
            {
                return; // another caller made room meanwhile
            }

            var held = _failures.Select(p => (p.Key, Failures: p.Value.Count(now, window), p.Value.Last)).ToList();
            foreach (var (key, _, _) in held.Where(h => h.Failures == 0))
            {
                _failures.TryRemove(key, out _);
            }

            var target = Math.Max(maxEntries * 9 / 10, 1);
            var excess = _failures.Count - target;
            if (excess <= 0)
            {
                return;
            }

            foreach (var (key, _, _) in held.Where(h => h.Failures > 0).OrderBy(h => h.Failures >= limitOf(h.Key)).ThenBy(h => h.Last).Take(excess))
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed class FailureWindow
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public DateTimeOffset Last { get; private set; }

        public int Count(DateTimeOffset now, TimeSpan window)
        {
            lock (_times)
            {
                while (_times.Count > 0 && now - _times.Peek() > window)
                {
                    _times.Dequeue();
                }

                return _times.Count;
            }
        }

        public void Add(DateTimeOffset now, int max)
        {
            lock (_times)
            {
                _times.Enqueue(now);
                Last = now;
                if (_times.Count > max)
                {
                    _times.Dequeue();
                }
            }
        }
    }
}
