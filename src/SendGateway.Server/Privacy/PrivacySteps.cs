namespace SendGateway.Server.Privacy;

/// <summary>
/// The one order in which the folders' erasure, retention and tenant-deletion steps run inside Privacy's one
/// transaction, with the operations each folder owns rows for. A step is known by its folder (the namespace segment
/// after <c>SendGateway.Server</c>): one step per folder and operation, registered by the folder's <c>AddX</c>.
/// </summary>
internal static class PrivacySteps
{
    public static readonly IReadOnlyList<(string Folder, PrivacyParts Parts)> Owners =
    [
        // First: erasure leaves the ids of the events it deleted in erased_events for the steps after it.
        ("Events", PrivacyParts.Erasure | PrivacyParts.Retention | PrivacyParts.TenantDeletion),
        // After Events: the outbox rows of the erased events are found through erased_events.
        ("Webhooks", PrivacyParts.Erasure | PrivacyParts.Retention | PrivacyParts.TenantDeletion),
        // Its message_contents go with their messages (foreign key, cascade).
        ("Messages", PrivacyParts.Erasure | PrivacyParts.Retention | PrivacyParts.TenantDeletion),
        // After the rows that name the person: the plain address is replaced by its keyed hash, so they stay unmailable.
        ("Suppressions", PrivacyParts.Erasure | PrivacyParts.TenantDeletion),
        ("Audit", PrivacyParts.TenantDeletion),
        // These count the rows the tenants row's foreign keys remove, so they run before Tenants deletes it.
        ("Domains", PrivacyParts.TenantDeletion),
        ("Relay", PrivacyParts.TenantDeletion),
        ("Settings", PrivacyParts.TenantDeletion),
        ("Streams", PrivacyParts.TenantDeletion),
        ("Templates", PrivacyParts.TenantDeletion),
        // Its counts leave Redis; its pause and lines are columns of the tenants row.
        ("Reputation", PrivacyParts.TenantDeletion),
        // Last: deleting the tenants row cascades to every table with a foreign key to it.
        ("Tenants", PrivacyParts.TenantDeletion),
    ];

    /// <summary>
    /// The <paramref name="steps"/> of <paramref name="part"/> in the declared order; throws when a step's folder is not
    /// declared for it, when a folder has two, or when a declared folder has none (so a wrong registration fails on start).
    /// </summary>
    public static T[] Arrange<T>(IEnumerable<T> steps, PrivacyParts part)
        where T : class
    {
        var declared = Owners.Where(o => o.Parts.HasFlag(part)).Select(o => o.Folder).ToList();
        var byFolder = steps.GroupBy(s => FolderOf(s.GetType())).ToDictionary(g => g.Key, g => g.ToList());
        var problems = byFolder.Where(f => !declared.Contains(f.Key))
            .Select(f => $"{string.Join(", ", f.Value.Select(s => s.GetType().FullName))} is registered, but {f.Key} is not declared for {part} in PrivacySteps.Owners")
            .Concat(byFolder.Where(f => f.Value.Count > 1).Select(f => $"{f.Key} registers {f.Value.Count} {typeof(T).Name}s; one per folder"))
            .Concat(declared.Where(d => !byFolder.ContainsKey(d)).Select(d => $"{d} is declared for {part} in PrivacySteps.Owners, but registers no {typeof(T).Name}"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Privacy steps: " + string.Join("; ", problems) + ".");
        }

        return [.. declared.Select(d => byFolder[d][0])];
    }

    /// <summary>The feature folder of a type (<c>SendGateway.Server.Events.EventErasureStep</c> is in <c>Events</c>); outside the server, its namespace.</summary>
    public static string FolderOf(Type type)
    {
        const string Root = "SendGateway.Server.";
        var name = type.Namespace ?? string.Empty;
        return name.StartsWith(Root, StringComparison.Ordinal) ? name[Root.Length..].Split('.')[0] : name;
    }
}
