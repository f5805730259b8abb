using SendGateway.Server.EventContract;
using SendGateway.Server.Bounces;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// Test mode (api.md §2): recipients at <c>simulator.sendgateway.test</c> get the outcome their local part names,
/// through the real queue and event pipeline, without any network delivery. <c>softbounce</c> soft-bounces the
/// first attempt and is delivered on the retry; <c>open</c>, <c>click</c>, <c>feedback</c> and <c>unsubscribe</c> are delivered and then
/// get that event; <c>dropped</c> is dropped without a send (reason <c>simulated</c>); any other local part is delivered. A <c>+tag</c> suffix is ignored (<c>hardbounce+7@…</c>).
/// </summary>
internal static class Simulator
{
    public const string Domain = "simulator.sendgateway.test";

    public static bool Handles(string recipientDomain) => recipientDomain.Equals(Domain, StringComparison.OrdinalIgnoreCase);

    public static DeliveryOutcome Outcome(string recipient, int attempt)
    {
        var local = recipient[..recipient.LastIndexOf('@')].ToLowerInvariant();
        local = local.Split('+')[0];
        var delivered = new DeliveryOutcome(EventTypes.Ok, null, Detail(250, "2.0.0", "250 2.0.0 Ok: simulated", attempt));
        return local switch
        {
            "softbounce" when attempt == 1 => new DeliveryOutcome(EventTypes.SoftBounce, BounceClasses.TransientFailure, Detail(451, "4.3.0", "451 4.3.0 Simulated temporary failure", attempt)),
            "hardbounce" => new DeliveryOutcome(EventTypes.HardBounce, BounceClasses.InvalidRecipient, Detail(550, "5.1.1", "550 5.1.1 Simulated unknown user", attempt)),
            "spambounce" => new DeliveryOutcome(EventTypes.SpamBounce, BounceClasses.SpamBlock, Detail(554, "5.7.1", "554 5.7.1 Simulated spam block", attempt)),
            "open" => delivered with { FollowUp = EventTypes.Open },
            "click" => delivered with { FollowUp = EventTypes.Click },
            "feedback" => delivered with { FollowUp = EventTypes.Feedback },
            "unsubscribe" => delivered with { FollowUp = EventTypes.Unsubscribe },
            "dropped" => new DeliveryOutcome(EventTypes.Dropped, null, null, "simulated"),
            _ => delivered,
        };
    }

    private static SmtpDetail Detail(int code, string enhanced, string response, int attempt) => new(code, enhanced, response, Domain, null, false, attempt);
}
