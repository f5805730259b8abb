namespace SendGateway.Server.QueueControls;

/// <summary>
/// Body of <c>POST /v1/admin/queue-controls</c>: <c>action</c> (<c>hold</c> | <c>bounce</c> | <c>rebind</c>), <c>scope</c>
/// (<c>tenant</c> | <c>domain</c> | <c>pool</c> | <c>source</c>) and its <c>value</c>; <c>to_pool</c> for a rebind (scope
/// <c>pool</c> only); <c>source</c> is for holds only. <c>note</c>: why, for the list and the audit trail.
/// </summary>
internal sealed record QueueControlRequest(string? Action, string? Scope, string? Value, string? ToPool = null, string? Note = null);
