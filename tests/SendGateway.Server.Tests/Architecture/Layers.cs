namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// The layer of every folder of src/SendGateway.Server, in this one table. The rule (<see cref="FolderDependencyTests"/>):
/// an arrow points to a lower layer or stays within its own (peers in one layer may use each other one way; the circle
/// check keeps it one way), never to a higher one. Fronts are on top, then what accepts a message, the delivery and
/// the host, what follows an accepted message, the sender's set-up, the event consumers, the events, the queue, the
/// accounts, identity, the request plumbing and the panel shell, and at the bottom the shared kernels. A new folder
/// fails the test until it has a place here.
/// </summary>
public static class Layers
{
    public sealed record Place(int Layer, string Reason);

    public static IReadOnlyDictionary<string, Place> Table { get; } = new Dictionary<string, Place>
    {
        ["Common"] = new(0, "the kernel every folder uses: addresses, problems, paging, validated options, metrics, the caller's claims"),
        ["Storage"] = new(1, "the PostgreSQL data source, migrations and outage rules; no feature's SQL"),
        ["EventContract"] = new(1, "the event types and record that Queue writes and Events ingests, below both"),
        ["PrivacyContract"] = new(1, "the erasure, retention and tenant-deletion steps each owning folder implements and Privacy runs, below both"),
        ["Idempotency"] = new(2, "the Idempotency-Key filter every API (Tenants' too) puts on its writes"),
        ["Panel"] = new(2, "the panel's shell (layout, sign-in, headers) that every feature's pages use"),
        ["Tenants"] = new(3, "who calls: tenants, API keys, their authentication and policies"),
        ["Users"] = new(4, "the people of a tenant and their panel roles, on top of Tenants"),
        ["Settings"] = new(4, "a tenant's settings, read by accept, suppressions and delivery"),
        ["IpPools"] = new(4, "egress sources and pools, chosen from by accept and delivery"),
        ["Queue"] = new(5, "the Redis streams, schedules and bodies; what every stage hands on through"),
        ["Streams"] = new(5, "a tenant's message streams and their defaults (unsubscribe, tracking, pool), read by accept, the relay and webhooks"),
        ["Templates"] = new(5, "stored templates and their rendering, used by accept and delivery"),
        ["Events"] = new(6, "ingests the event streams into PostgreSQL and runs the folders' ingest steps; above the queue"),
        ["Webhooks"] = new(7, "fans the stored events out to the tenants' endpoints"),
        ["Suppressions"] = new(7, "the suppression list, fed by ingested bounces and complaints, read by accept"),
        ["Domains"] = new(8, "sending domains, DKIM keys and their DNS checks, read by accept and delivery"),
        ["Messages"] = new(9, "accepts a message (the one ingestion path of every front) and keeps its status"),
        ["Bounces"] = new(10, "reads bounce reports and classifies them into events about accepted messages"),
        ["Audit"] = new(10, "the audit log of changes and the operator's access to messages"),
        ["SystemMail"] = new(10, "the server's own mail (invitations, resets), sent through accept"),
        ["Backups"] = new(10, "the operator's backup and restore, called by the command line"),
        ["Tracking"] = new(11, "opens, clicks and unsubscribes of delivered messages; links rewritten for delivery"),
        ["TlsReports"] = new(11, "counts delivery's TLS sessions per recipient domain and sends the daily TLS reports (RFC 8460) through accept"),
        ["Privacy"] = new(11, "erasure, retention and tenant deletion over the stores below it"),
        ["Delivery"] = new(12, "the workers that take the queue to the MX servers"),
        ["Reputation"] = new(12, "the reputation guard: counts ingested events per tenant, warns and pauses; delivery's answer whether a tenant is paused"),
        ["Hosting"] = new(12, "the host's set-up: middleware order (audit, idempotency, panel headers), limits, health"),
        ["Relay"] = new(13, "the SMTP relay front"),
        ["QueueControls"] = new(13, "the operator's hold, bounce and rebind of queued mail: implements delivery's IQueueControls, over the queue, pools and tenants"),
        ["Inbound"] = new(2, "the inbound SMTP listener (a front by role, a kernel by code): it names no feature, and the features that take mail (Bounces) implement its IInboundMail"),
        ["EmailLabs"] = new(14, "the EmailLabs-compatible /api/ front, built on the relay's and accept's pieces"),
        ["CommandLine"] = new(14, "the command line: migrations, users, domains, backups, the relay's options"),
        ["Demo"] = new(14, "the demo tenant set up at start, with whatever it needs"),
    };

    /// <summary>
    /// Known exceptions being removed (issue 33): arrows to a higher layer that another change takes out. Each must
    /// still be an arrow up (a test fails otherwise), so remove the entry when its change lands.
    /// </summary>
    public static IReadOnlySet<(string From, string To)> KnownExceptions { get; } = new HashSet<(string, string)>
    {
    };

    /// <summary>The folders the table does not place, in order.</summary>
    public static List<string> Unplaced(IEnumerable<string> folders) => [.. folders.Where(f => !Table.ContainsKey(f)).Distinct().Order(StringComparer.Ordinal)];
}
