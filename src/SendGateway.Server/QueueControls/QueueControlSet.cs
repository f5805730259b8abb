using SendGateway.Server.Delivery.Holds;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// The controls in effect, indexed for the per-attempt question: an immutable snapshot, swapped whole by each refresh.
/// Bounce and rebind apply to mail accepted before the control; a hold applies to all mail while it lasts.
/// </summary>
internal sealed class QueueControlSet
{
    public static readonly QueueControlSet Empty = new([]);

    private readonly Dictionary<(string Scope, string Value), List<QueueControl>> _byTarget = [];

    public QueueControlSet(IReadOnlyList<QueueControl> controls)
    {
        Controls = controls;
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var control in controls)
        {
            var key = (control.Scope, Normalize(control.Scope, control.Value));
            if (!_byTarget.TryGetValue(key, out var list))
            {
                _byTarget[key] = list = [];
            }

            list.Add(control);
            if (control is { Scope: QueueControlNames.Source, Action: QueueControlNames.Hold })
            {
                sources.TryAdd(control.Value, control.Id);
            }
        }

        HeldSources = sources;
    }

    /// <summary>Every control in effect, oldest first.</summary>
    public IReadOnlyList<QueueControl> Controls { get; }

    /// <summary>Source addresses held, each with its (oldest) control's id.</summary>
    public IReadOnlyDictionary<string, string> HeldSources { get; }

    /// <summary>
    /// What applies to one attempt: a bounce first (of mail accepted before it), then a hold, then a rebind (of mail
    /// accepted before it); a rebind to a pool that is itself held is a hold.
    /// </summary>
    public QueueControlDecision? Check(string tenantId, string domain, string? pool, DateTimeOffset acceptedAt)
    {
        if (_byTarget.Count == 0)
        {
            return null;
        }

        var matching = Matching(tenantId, domain, pool).ToList();
        if (matching.FirstOrDefault(c => c.Action == QueueControlNames.Bounce && acceptedAt < Utc(c.CreatedAt)) is { } bounce)
        {
            return new QueueControlDecision(QueueControlAction.Bounce, bounce.Id);
        }

        if (matching.FirstOrDefault(c => c.Action == QueueControlNames.Hold) is { } hold)
        {
            return new QueueControlDecision(QueueControlAction.Hold, hold.Id);
        }

        if (matching.FirstOrDefault(c => c.Action == QueueControlNames.Rebind && acceptedAt < Utc(c.CreatedAt)) is { } rebind)
        {
            return Find(QueueControlNames.Pool, rebind.ToPool!).FirstOrDefault(c => c.Action == QueueControlNames.Hold) is { } heldTarget
                ? new QueueControlDecision(QueueControlAction.Hold, heldTarget.Id)
                : new QueueControlDecision(QueueControlAction.Rebind, rebind.Id, rebind.ToPool);
        }

        return null;
    }

    /// <summary>Whether a queued entry of <paramref name="tenantId"/> to <paramref name="domain"/> is named by the control's scope (a pool's cannot be told from the entry).</summary>
    public static bool Names(QueueControl control, string tenantId, string domain) => control.Scope switch
    {
        QueueControlNames.Tenant => control.Value == tenantId,
        QueueControlNames.Domain => string.Equals(control.Value, domain, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private IEnumerable<QueueControl> Matching(string tenantId, string domain, string? pool)
    {
        var found = Find(QueueControlNames.Tenant, tenantId).Concat(Find(QueueControlNames.Domain, domain));
        return pool is null ? found : found.Concat(Find(QueueControlNames.Pool, pool));
    }

    private IEnumerable<QueueControl> Find(string scope, string value) =>
        _byTarget.TryGetValue((scope, Normalize(scope, value)), out var list) ? list : [];

    private static string Normalize(string scope, string value) => scope == QueueControlNames.Domain ? value.ToLowerInvariant() : value;
}
