namespace SendGateway.Server.EmailLabs;

/// <summary>
/// Our event types under EmailLabs' names. <c>softbounce</c> (a temporary failure, retried) is EmailLabs' <c>Deferred</c>;
/// a <c>hardbounce</c> whose cause was temporary (the retries ran out: <c>MessageExpired</c>; a full mailbox; no answer)
/// is its <c>Softbounce</c>; a click is <c>Track</c>.
/// </summary>
internal static class EmailLabsStatuses
{
    private static readonly HashSet<string> SoftCauses = ["MessageExpired", "MailboxFull", "TransientFailure", "BadConnection", "NoAnswerFromHost", "DNSFailure"];

    public static string For(string type, string? bounceClass) => type switch
    {
        "injected" => "Injected",
        "softbounce" => "Deferred",
        "ok" => "Ok",
        "hardbounce" => bounceClass is not null && SoftCauses.Contains(bounceClass) ? "Softbounce" : "Hardbounce",
        "spambounce" => "Spambounce",
        "dropped" => "Dropped",
        "open" => "Open",
        "click" => "Track",
        "unsubscribe" => "Unsubscribe",
        "feedback" => "Complaint",
        _ => type,
    };

    /// <summary>EmailLabs' blacklist reasons and ours (suppression reasons), both ways; an unknown EmailLabs reason is ours <c>manual</c>.</summary>
    public static string SuppressionReasonFor(string? emailLabsReason) => emailLabsReason switch
    {
        "hard_bounce" or "hardbounce" => "hardbounce",
        "spam_bounce" or "spambounce" => "spambounce",
        "spam_complaint" or "complaint" => "feedback",
        "unsubscribe" or "unsubscribed" => "unsubscribe",
        _ => "manual",
    };

    public static string BlacklistReasonFor(string reason) => reason switch
    {
        "hardbounce" => "hard_bounce",
        "spambounce" => "spam_bounce",
        "feedback" => "spam_complaint",
        "unsubscribe" => "unsubscribe",
        _ => "manual",
    };
}
