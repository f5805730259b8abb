using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Server.IpPools;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// The shaping actions the rules file's replies start (<see cref="ReplyAction.Throttle"/>, <see cref="ReplyAction.Suspend"/>),
/// shared by the nodes through <see cref="ShapingActionStore"/>. The delivery path reads them from this node's copy, read
/// again at most every <see cref="ShapingActionsOptions.LocalCacheTime"/> (concurrent readers share one read); an action
/// this node starts is in its copy at once. A cancellation releases the provider's held mail once every node's copy is
/// younger than the cancellation, so the released mail is not held again by a stale copy.
/// </summary>
internal sealed class RedisShapingActions(
    IShapingRuleSet rules, ShapingActionStore store, HeldEntries held, TimeProvider time, IOptions<ShapingActionsOptions> options,
    ILogger<RedisShapingActions> logger) : IShapingActions
{
    private readonly Lock _gate = new();
    private Snapshot _snapshot = new(DateTimeOffset.MinValue, []);
    private Task<Snapshot>? _loading;

    /// <summary>Actions this node started or extended, kept into the next copy read after them (bounded by MaxActions).</summary>
    private readonly Dictionary<string, (ShapingAction Action, DateTimeOffset At)> _recent = new(StringComparer.Ordinal);

    public async ValueTask<ProviderActions> ForProviderAsync(string provider, CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (time.GetUtcNow() - snapshot.LoadedAt >= options.Value.LocalCacheTime)
        {
            snapshot = await ReloadAsync(cancellationToken);
        }

        return snapshot.For(provider);
    }

    public async ValueTask ObserveAsync(string provider, string? sourceAddress, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Smtp is not { } smtp || smtp.Code is >= 200 and < 400
            || rules.Current.Match(provider, smtp.Code, smtp.EnhancedCode, smtp.Response ?? string.Empty) is not { } rule
            || rule.Action == ReplyAction.Classify)
        {
            return;
        }

        var limits = options.Value;
        var duration = rule.Duration; // bounded by the rules file's MaxActionDuration when it was read
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        var source = sourceAddress ?? SourceSelector.DefaultRoute;
        var kind = rule.Action == ReplyAction.Suspend ? ShapingActionKind.Suspend : ShapingActionKind.Throttle;
        var text = smtp.Response ?? string.Empty;
        var action = new ShapingAction(
            Ids.New("sha", time), provider, source, rule.Name, kind, kind == ShapingActionKind.Throttle ? Math.Max(1, rule.ThrottlePerMinute) : null,
            new ShapingActionReply(smtp.Code, smtp.EnhancedCode, text.Length > limits.MaxReplyChars ? text[..limits.MaxReplyChars] : text, smtp.Mx),
            now, now + duration);
        var (result, stored) = await store.StartAsync(action, limits.MaxActions, cancellationToken);
        switch (result)
        {
            case ShapingActionStart.Refused:
                ShapingActionsLog.Refused(logger, kind, provider, source, rule.Name, limits.MaxActions);
                return;
            case ShapingActionStart.Started:
                ShapingActionsLog.Started(logger, kind, provider, source, rule.Name, smtp.Code, smtp.EnhancedCode, smtp.Mx, stored!.Until);
                SendGatewayMetrics.ShapingActionsStarted.Add(1, new("provider", provider), new("kind", kind));
                break;
            case ShapingActionStart.Extended:
                ShapingActionsLog.Extended(logger, kind, provider, source, rule.Name, stored!.Until);
                break;
        }

        if (stored is not null)
        {
            Remember(stored, now);
        }
    }

    /// <summary>The actions in effect now, read from Redis (not this node's copy), of one provider or all.</summary>
    public async Task<IReadOnlyList<ShapingAction>> ListAsync(string? provider, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(time.GetUtcNow(), options.Value.MaxActions, cancellationToken);
        return provider is null ? all : [.. all.Where(a => string.Equals(a.Provider, provider, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>
    /// Cancels the action <paramref name="id"/> (null: none in effect) and, once no node's copy can still hold it, makes
    /// the mail held for its provider due now.
    /// </summary>
    public async Task<(ShapingAction Action, long Released)?> CancelAsync(string id, CancellationToken cancellationToken)
    {
        var action = (await ListAsync(null, cancellationToken)).FirstOrDefault(a => a.Id == id);
        if (action is null || !await store.CancelAsync(action, cancellationToken))
        {
            return null;
        }

        lock (_gate)
        {
            _recent.Remove(action.Id);
            Volatile.Write(ref _snapshot, _snapshot.Without(action.Id));
        }

        // Every copy read before the cancellation is stale by now (a copy's age counts from the start of its read).
        await Task.Delay(options.Value.LocalCacheTime, time, cancellationToken);
        var released = await held.ReleaseAsync(HoldReasons.ProviderKey(action.Provider), cancellationToken);
        ShapingActionsLog.Cancelled(logger, action.Id, action.Kind, action.Provider, action.SourceAddress, released);
        return (action, released);
    }

    private void Remember(ShapingAction action, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_recent.Count >= options.Value.MaxActions)
            {
                _recent.Clear();
            }

            _recent[action.Id] = (action, at);
            Volatile.Write(ref _snapshot, _snapshot.With(action));
        }
    }

    private Task<Snapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        Task<Snapshot> loading;
        lock (_gate)
        {
            if (_loading is null || _loading.IsCompleted)
            {
                _loading = LoadAsync();
            }

            loading = _loading;
        }

        return loading.WaitAsync(cancellationToken);
    }

    /// <summary>One read for every waiting caller (not cancelled by any one of them).</summary>
    private async Task<Snapshot> LoadAsync()
    {
        var started = time.GetUtcNow();
        var actions = await store.ListAsync(started, options.Value.MaxActions, CancellationToken.None);
        lock (_gate)
        {
            var snapshot = new Snapshot(started, actions);
            foreach (var (id, (action, at)) in _recent.ToList())
            {
                if (at >= started && action.Until > started)
                {
                    snapshot = snapshot.With(action); // started here while the read was under way
                }
                else
                {
                    _recent.Remove(id);
                }
            }

            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }

    /// <summary>This node's copy: the actions read at <see cref="LoadedAt"/>, by provider.</summary>
    private sealed class Snapshot
    {
        private readonly Dictionary<string, ProviderActions> _byProvider;

        public Snapshot(DateTimeOffset loadedAt, IReadOnlyList<ShapingAction> actions)
        {
            LoadedAt = loadedAt;
            Actions = actions;
            _byProvider = actions.GroupBy(a => a.Provider, StringComparer.OrdinalIgnoreCase).ToDictionary(
                g => g.Key,
                g => new ProviderActions(
                    g.Where(a => a.Kind == ShapingActionKind.Suspend).GroupBy(a => a.SourceAddress).ToDictionary(s => s.Key, s => s.Max(a => a.Until)),
                    g.Where(a => a.Kind == ShapingActionKind.Throttle).GroupBy(a => a.SourceAddress).ToDictionary(s => s.Key, s => s.Min(a => a.ThrottlePerMinute ?? 1))),
                StringComparer.OrdinalIgnoreCase);
        }

        public DateTimeOffset LoadedAt { get; }

        public IReadOnlyList<ShapingAction> Actions { get; }

        public ProviderActions For(string provider) => _byProvider.GetValueOrDefault(provider) ?? ProviderActions.None;

        public Snapshot With(ShapingAction action) =>
            new(LoadedAt, [.. Actions.Where(a => a.Id != action.Id && !(a.Provider == action.Provider && a.SourceAddress == action.SourceAddress && a.Kind == action.Kind)), action]);

        public Snapshot Without(string id) => new(LoadedAt, [.. Actions.Where(a => a.Id != id)]);
    }
}
