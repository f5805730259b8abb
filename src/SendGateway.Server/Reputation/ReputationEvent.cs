namespace SendGateway.Server.Reputation;

/// <summary>
/// The payload of the tenant-level webhook events <c>tenant.reputation_warning</c> and <c>tenant.paused</c> (serialized
/// snake_case, in an array of one like every batch). <see cref="Rates"/> are the tenant's in the window when the guard
/// decided (none for an operator's pause); <see cref="By"/> is <c>reputation_guard</c> or <c>operator</c>.
/// </summary>
internal sealed record ReputationEvent(string Type, DateTimeOffset OccurredAt, string Reason, string By, ReputationRates? Rates);
