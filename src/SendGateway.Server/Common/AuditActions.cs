namespace SendGateway.Server.Common;

/// <summary>
/// The audit log's action names, in one table. A change through the API is named by its method and route as
/// <c>Audit/AuditMiddleware</c> sees them (<see cref="Change"/>: <c>POST /v1/domains</c>), a read of recipient data or
/// content has <c>read </c> before it (<see cref="Read"/>), a change the role rules refused has <c>refused </c> before it
/// (<see cref="Refused"/>). The panel records the same change under the same name from here, so the log reads the same
/// whichever way a change came; <c>AuditActionsTests</c> check every route name here against the mapped endpoints.
/// What has no route (the panel's sign-ins, a key's new address, invitations, the DNS recheck) has a dotted name.
/// </summary>
internal static class AuditActions
{
    public const string CreateApiKey = "POST /v1/api-keys";
    public const string RevokeApiKey = "DELETE /v1/api-keys/{id}";
    public const string CreateTenant = "POST /v1/admin/tenants";
    public const string UpdateTenant = "PATCH /v1/admin/tenants/{id}";
    public const string PauseTenant = "POST /v1/admin/tenants/{id}/pause";
    public const string ResumeTenant = "POST /v1/admin/tenants/{id}/resume";
    public const string SetTenantReputation = "PUT /v1/admin/tenants/{id}/reputation";
    public const string CreateUser = "POST /v1/users";
    public const string UpdateUser = "PATCH /v1/users/{id}";
    public const string ResetUser = "POST /v1/users/{id}/reset";
    public const string DeleteUser = "DELETE /v1/users/{id}";
    public const string CreateDomain = "POST /v1/domains";
    public const string VerifyDomain = "POST /v1/domains/{name}/verify";
    public const string DeleteDomain = "DELETE /v1/domains/{name}";
    public const string CreateTemplate = "POST /v1/templates";
    public const string UpdateTemplate = "PUT /v1/templates/{id}";
    public const string ActivateTemplateVersion = "POST /v1/templates/{id}/versions/{version:int}/activate";
    public const string DeleteTemplate = "DELETE /v1/templates/{id}";
    public const string CreateWebhook = "POST /v1/webhooks";
    public const string TestWebhook = "POST /v1/webhooks/{id}/test";
    public const string DeleteWebhook = "DELETE /v1/webhooks/{id}";
    public const string RotateWebhookSecret = "POST /v1/webhooks/{id}/rotate-secret";
    public const string ReplayWebhook = "POST /v1/webhooks/{id}/replay";
    public const string AddSuppressions = "POST /v1/suppressions";
    public const string DeleteSuppression = "DELETE /v1/suppressions/{email}";
    public const string ImportSuppressions = "POST /v1/suppressions/import";
    public const string ExportSuppressions = "read GET /v1/suppressions/export";
    public const string CreateSmtpCredential = "POST /v1/smtp-credentials";
    public const string UpdateSmtpCredential = "PATCH /v1/smtp-credentials/{id}";
    public const string RevokeSmtpCredential = "DELETE /v1/smtp-credentials/{id}";
    public const string CreateStream = "POST /v1/streams";
    public const string UpdateStream = "PATCH /v1/streams/{id}";
    public const string DeleteStream = "DELETE /v1/streams/{id}";
    public const string UpdateSettings = "PUT /v1/settings";
    public const string RequestErasure = "POST /v1/privacy/erasures";
    public const string ExportPrivacyData = "read GET /v1/privacy/export";
    public const string ReadAuditLog = "read GET /v1/audit-log";
    public const string ReplayDeadLetter = "POST /v1/admin/dead-letters/{shard:int}/{id}/replay";
    public const string DeleteDeadLetter = "DELETE /v1/admin/dead-letters/{shard:int}/{id}";

    /// <summary>The first use of an API key from an address it was not seen from.</summary>
    public const string ApiKeyNewAddress = "api_key.new_ip";

    public const string SignIn = "panel.sign_in";
    public const string SignInFailed = "panel.sign_in_failed";
    public const string SignOut = "panel.sign_out";
    public const string SignOutEverywhere = "panel.sign_out_everywhere";
    public const string FactorEnrolled = "panel.factor_enrolled";
    public const string PasswordChanged = "panel.password_changed";
    public const string PasswordChangeFailed = "panel.password_change_failed";
    public const string ContentViewed = "panel.content_viewed";
    public const string MessageCancelled = "panel.message_cancel";
    public const string TemplateTestSent = "panel.template_test_sent";

    public const string InvitationCreated = "user.invitation_created";
    public const string InvitationMailed = "user.invitation_mailed";
    public const string InvitationShown = "user.invitation_shown";
    public const string InvitationRedeemed = "user.invitation_redeemed";
    public const string InvitationRefused = "user.invitation_refused";

    /// <summary>The periodic DNS recheck found a verified domain's records gone.</summary>
    public const string DomainUnverified = "domain.unverified";

    /// <summary>The webhook dispatcher disabled an endpoint: it answered 410, or a batch's retry schedule ran out.</summary>
    public const string WebhookDisabled = "webhook.disabled";

    /// <summary>The command line's <c>domain verify --force</c>: verified without DNS.</summary>
    public const string DomainForceVerified = "domain verify --force";

    /// <summary>The relay refused an authenticated tenant's sender: an envelope or header domain it has not proven.</summary>
    public const string RelaySenderRefused = "relay.sender_refused";

    /// <summary>A change through the API: its method and route pattern (without a group root's trailing slash).</summary>
    public static string Change(string method, string? pattern) => $"{method} {pattern}";

    /// <summary>A read of recipient-level data or message content.</summary>
    public static string Read(string method, string? pattern) => "read " + Change(method, pattern);

    /// <summary>A change the role rules refused (<c>Tenants/RoleRefusal</c>).</summary>
    public static string Refused(string action) => "refused " + action;
}
