using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.Shaping;

namespace SendGateway.Server.Delivery;

/// <summary><c>SendGateway:Delivery</c> (api.md §10 plus the worker's limits).</summary>
public sealed class DeliveryOptions : IValidatableObject, Domains.ISendingHost, Queue.IQueueLifetime, IpPools.ILocalSourcesSetting
{
    [ValidateObjectMembers]
    public DnsOptions Dns { get; set; } = new();

    [Range(1, 65535)]
    public int MxPort { get; set; } = 25;

    /// <summary>Domain (or <c>*</c>) → <c>host:port</c>, overriding MX lookup.</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Networks (CIDR) an MX host found in DNS may resolve to although they are internal (reliability.md T74). Empty, the
    /// default: loopback, RFC 1918, shared, link-local and unique-local addresses and this host's own get no connection,
    /// and a domain whose MX hosts resolve only there is bounced <c>5.4.6</c>. Static <see cref="Routes"/> are not checked.
    /// </summary>
    public List<string> AllowedMxNetworks { get; set; } = [];

    /// <summary>
    /// How long a message that keeps failing temporarily is retried, from its acceptance; then it is bounced
    /// <c>MessageExpired</c> with <c>5.4.7</c>. Five days, as RFC 5321 §4.5.4.1 asks ("at least 4-5 days"). A message may ask
    /// for less (<c>max_delivery_seconds</c>), never more. Must be shorter than <c>Queue:BodyTtl</c> (checked at start).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxQueueLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Messages in flight at once in this process.</summary>
    [Range(1, 4096)]
    public int Concurrency { get; set; } = 32;

    /// <summary>Entries read from a shard per XREADGROUP, and the capacity of the hand-off channel.</summary>
    [Range(1, 10_000)]
    public int ReadBatchSize { get; set; } = 64;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Entries left idle this long are taken over (a dead or stalled worker's). An attempt in progress is never idle this
    /// long, however slow the remote server: its worker touches the entries in hand every third of this time (reliability.md
    /// T88), so it must exceed three read rounds (<see cref="MaxPollDelay"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReclaimIdleTime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A sender domain's DKIM key is read again from PostgreSQL after this (at once after a change, through the node broadcast).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SenderDomainRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Open connections per MX address over every worker (counted in Redis); 0 = only the per-worker cap.</summary>
    [Range(0, 100_000)]
    public int MaxConnectionsPerMx { get; set; } = 20;

    /// <summary>An idle connection that holds a cross-worker slot is closed after this, freeing the slot for other workers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConnectionSlotIdleRelease { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A connection slot not renewed for this long is free again (a crashed worker's); renewed on use, at most once per tenth of it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ConnectionSlotTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A shard's lease; renewed every third of it. A dead worker's shards move to another within about this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ShardLeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(1);

    [ValidateObjectMembers]
    public RetryOptions Retry { get; set; } = new();

    [ValidateObjectMembers]
    public TrafficShapingOptions Shaping { get; set; } = new();

    /// <summary>
    /// How long held mail (a paused tenant, an operator's hold) waits before it is looked at again when nothing releases it
    /// sooner: a resume or a cancelled action releases it at once, so this only bounds a missed release.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HeldRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a 250 stays journaled, so a reclaimed entry is recorded as delivered instead of sent twice.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DeliveredJournalTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>When every connection slot of a destination is taken, the message waits this long plus up to <see cref="ConnectionBusyJitter"/>, without an attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ConnectionBusyDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ConnectionBusyJitter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A pooled connection idle for less than this is reused without a NOOP probe first.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReuseWithoutProbeWithin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the reader closes pooled connections that idled past their limit.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On a graceful stop (SIGTERM), how long attempts in flight may take to finish and be recorded before they are
    /// cancelled and left for another worker. The host's shutdown timeout is raised above it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Due entries moved from a shard's schedule to its stream per Redis call.</summary>
    [Range(1, 100_000)]
    public int ScheduleMoveBatch { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per SMTP reply up to the recipient's acceptance: greeting, EHLO, STARTTLS, MAIL, RCPT, and a NOOP probe (RFC 5321 §4.5.3.2: 5 min).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Once the recipient is accepted: the reply to DATA, each write of the message, and the wait for the reply to the
    /// final dot (RFC 5321 §4.5.3.2: 10 min for the dot; a client that gives up sooner invites a duplicate).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// One attempt as a whole: connecting to each MX tried and the transaction. Replies each within their timeout may
    /// still add up (a tarpit); the attempt then ends as a softbounce. At least <see cref="DataTimeout"/>; keep it below
    /// <see cref="ReclaimIdleTime"/>, so no other worker takes the entry over mid-attempt.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(14);

    /// <summary>
    /// Octets the remote server may send between two of our writes (one reply, or the replies to a pipelined group, or a
    /// TLS handshake's flight): more, and the connection ends as a protocol error (reliability.md T75: a 1 MB banner, a
    /// multi-line reply that never ends). MailKit's own reader has no cap.
    /// </summary>
    [Range(4096, 16 << 20)]
    public int MaxReplyBytes { get; set; } = 64 << 10;

    [Range(1, 1000)]
    public int MaxConnectionsPerDestination { get; set; } = 10;

    [Range(1, 100_000)]
    public int MessagesPerConnection { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>MX hosts tried per attempt (Postfix smtp_mx_address_limit).</summary>
    [Range(1, 20)]
    public int MaxMxHosts { get; set; } = 5;

    /// <summary>
    /// MX servers that answered (a greeting or EHLO refused, a garbled reply) after which an attempt stops trying more
    /// (Postfix smtp_mx_session_limit); addresses that refuse or time out the connection count only against <see cref="MaxMxHosts"/>.
    /// </summary>
    [Range(1, 20)]
    public int MaxMxSessions { get; set; } = 2;

    /// <summary>Memory for batch contents kept between a batch's recipients (bytes, estimated).</summary>
    [Range(1L << 20, 1L << 40)]
    public long ContentCacheBytes { get; set; } = 256L << 20;

    /// <summary>Largest copy kept whole for tenants that keep content; a larger one is kept as its headers.</summary>
    [Range(1024, 64L << 20)]
    public long MaxKeptContentBytes { get; set; } = 1L << 20;

    /// <summary>
    /// Attempts of a message that may end in a throw the worker does not understand (not a remote server's reply or a
    /// connection failure: a bug, poison content) before its entry goes to the dead letters;
    /// each earlier one is a temporary failure, retried with the back-off.
    /// </summary>
    [Range(1, 100)]
    public int MaxUnexpectedFailures { get; set; } = 5;

    /// <summary>EHLO name; defaults to the machine name.</summary>
    public string? HeloName { get; set; }

    /// <summary>
    /// The source addresses this node has (IP addresses): it leases only the queue lanes of pools with an address here
    /// (<c>Queue:PoolLanes</c>) and sends only from these. Empty: the addresses of its network interfaces (a loopback
    /// interface counts for all of 127.0.0.0/8, where every address is every process's: tests set it).
    /// </summary>
    [MaxLength(1024)]
    public List<string> LocalSources { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (domain, target) in Routes)
        {
            if (!RouteTarget.TryParse(target, out _))
            {
                yield return new ValidationResult($"SendGateway:Delivery:Routes:{domain} must be host:port.", [nameof(Routes)]);
            }
        }

        foreach (var network in AllowedMxNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network.Trim(), out _))
            {
                yield return new ValidationResult($"SendGateway:Delivery:AllowedMxNetworks entry '{network}' must be a network in CIDR form (127.0.0.0/8).", [nameof(AllowedMxNetworks)]);
            }
        }

        foreach (var server in Dns.Servers)
        {
            if (!System.Net.IPEndPoint.TryParse(server, out _))
            {
                yield return new ValidationResult($"SendGateway:Delivery:Dns:Servers entry '{server}' must be ip:port.", [nameof(Dns)]);
            }
        }

        foreach (var address in LocalSources)
        {
            if (!System.Net.IPAddress.TryParse(address.Trim(), out _))
            {
                yield return new ValidationResult($"SendGateway:Delivery:LocalSources entry '{address}' must be an IP address.", [nameof(LocalSources)]);
            }
        }

        if (DeliveredJournalTtl < ReclaimIdleTime)
        {
            yield return new ValidationResult("SendGateway:Delivery:DeliveredJournalTtl must be at least ReclaimIdleTime.", [nameof(DeliveredJournalTtl)]);
        }

        if (AttemptTimeout < DataTimeout)
        {
            yield return new ValidationResult("SendGateway:Delivery:AttemptTimeout must be at least DataTimeout (the wait for the reply to the final dot).", [nameof(AttemptTimeout)]);
        }

        if (MaxPollDelay * 3 >= ReclaimIdleTime)
        {
            yield return new ValidationResult("SendGateway:Delivery:ReclaimIdleTime must exceed three times MaxPollDelay (entries in hand are touched every third of it).", [nameof(ReclaimIdleTime)]);
        }

        if (Retry.FirstDelay > Retry.MaxDelay)
        {
            yield return new ValidationResult("SendGateway:Delivery:Retry:FirstDelay must not exceed MaxDelay.", [nameof(Retry)]);
        }
    }
}
