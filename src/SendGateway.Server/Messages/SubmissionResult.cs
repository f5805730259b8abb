namespace SendGateway.Server.Messages;

/// <summary>
/// How a submission through <see cref="MessageSubmission"/> ended: accepted, or a problem in the API's terms (status,
/// problem type code, title, detail, errors per field, Retry-After) that each front words its own way.
/// </summary>
internal sealed record SubmissionResult(
    MessageAccepted? Accepted, int Status, string Type, string Title, string? Detail, Dictionary<string, string[]>? Errors = null, int? RetryAfterSeconds = null,
    SendingQuotaState? Quota = null)
{
    public static SubmissionResult Ok(MessageAccepted accepted, SendingQuotaState? quota = null) => new(accepted, StatusCodes.Status202Accepted, "accepted", "Accepted", null, Quota: quota);

    public static SubmissionResult Invalid(Dictionary<string, string[]> errors, string? detail = null, string type = "validation_error") =>
        new(null, StatusCodes.Status422UnprocessableEntity, type, "Validation failed", detail, errors);

    public static SubmissionResult Unavailable { get; } =
        new(null, StatusCodes.Status503ServiceUnavailable, "unavailable", "Temporarily unavailable", "Nothing was queued; retry later.", RetryAfterSeconds: 5);

    /// <summary>Written, but fewer replicas than <c>Queue:MinReplicasToAck</c> confirmed it in time (<see cref="Queue.ReplicaAckException"/>).</summary>
    public static SubmissionResult NotReplicated { get; } =
        new(null, StatusCodes.Status503ServiceUnavailable, "unavailable", "Temporarily unavailable",
            "The message was written but no replica confirmed it in time; retry with the same Idempotency-Key (a retry without one may send it twice).", RetryAfterSeconds: 5);
}
