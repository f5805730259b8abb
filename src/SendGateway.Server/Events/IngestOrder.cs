namespace SendGateway.Server.Events;

/// <summary>
/// When each <see cref="IIngestStep"/> runs, in one place: the folders contribute the steps, this list orders them, one
/// line of reason each. Steps are named here, not referenced: Events sits below the folders whose steps it orders, so
/// naming their types would close a circle. A registered step missing from the list fails <see cref="EventStore"/>'s
/// construction, so the ingester does not start (and a test checks that every name is a step).
/// </summary>
internal static class IngestOrder
{
    /// <summary>
    /// The insert of the staged events into <c>events</c>, done by <see cref="EventStore"/> itself: steps above it may
    /// complete or delete rows of <c>ev_stage</c> (<c>ev_new</c> does not exist yet), steps below read <c>ev_new</c>.
    /// </summary>
    public const string Insert = "insert into events";

    public static readonly IReadOnlyList<(string Step, string Reason)> Steps =
    [
        ("SendGateway.Server.Tracking.TrackedEventsStep", "opens and clicks carry only their message's id: filled in from its row, or dropped, before they are stored"),
        ("SendGateway.Server.Suppressions.ErasedRecipientsStep", "events about a person erased meanwhile are discarded before they are stored: after the tracked events are filled in, which need the address"),
        (Insert, "stores the staged events; ev_new then holds those stored for the first time (a batch read again adds nothing twice)"),
        ("SendGateway.Server.Webhooks.WebhookOutboxStep", "each new event into its webhooks' outboxes: reads ev_new only, needs nothing of the steps after it"),
        ("SendGateway.Server.Suppressions.SuppressionStep", "bounce counts and suppressions from the new events: reads ev_new only; its Redis mirror failing rolls the batch back"),
        ("SendGateway.Server.Messages.MessageStatusStep", "each message's row from every staged event: before the content archive, which needs the row"),
        ("SendGateway.Server.Reputation.ReputationCountStep", "counts each new outcome and complaint into its tenant's reputation buckets in Redis: reads ev_new only; Redis failing rolls the batch back"),
        ("SendGateway.Server.Messages.ContentArchiveStep", "the copy as sent into message_contents: after the message status, so the message's row exists"),
    ];

    /// <summary>
    /// The registered steps in the list's order, split at <see cref="Insert"/>. A step missing from the list throws: its
    /// place is a decision to write down here, not a registration order.
    /// </summary>
    public static (IIngestStep[] BeforeInsert, IIngestStep[] AfterInsert) Arrange(IEnumerable<IIngestStep> steps)
    {
        var names = Steps.Select(s => s.Step).ToList();
        var insert = names.IndexOf(Insert);
        var placed = steps.Select(s => (Step: s, Index: names.IndexOf(s.GetType().FullName!))).ToList();
        if (placed.FirstOrDefault(p => p.Index < 0).Step is { } unlisted)
        {
            throw new InvalidOperationException(
                $"The ingest step {unlisted.GetType().FullName} is registered but not in {typeof(IngestOrder).FullName}.{nameof(Steps)}: add it there, where it must run, with its reason.");
        }

        var ordered = placed.OrderBy(p => p.Index).ToList(); // stable: a step registered twice runs twice, as registered
        return ([.. ordered.Where(p => p.Index < insert).Select(p => p.Step)], [.. ordered.Where(p => p.Index > insert).Select(p => p.Step)]);
    }
}
