namespace SendGateway.Server.Reputation;

/// <summary><c>PUT /v1/admin/tenants/{id}/reputation</c>: the tenant's own lines, each a rate between 0 and 1 (0.003 = 0.3 %); null uses the option.</summary>
internal sealed record ReputationLinesRequest(double? WarnComplaintRate, double? PauseComplaintRate, double? WarnHardBounceRate, double? PauseHardBounceRate);
