namespace SendGateway.Server.Users;

internal static partial class UsersLog
{
    [LoggerMessage(14001, LogLevel.Information, "Tenant {TenantId}: one-time link {InvitationId} ({Purpose}) made, {Delivery}")]
    public static partial void LinkIssued(ILogger logger, string tenantId, string invitationId, string purpose, string delivery);

    [LoggerMessage(14002, LogLevel.Information, "Tenant {TenantId}: one-time link {InvitationId} used by user {UserId}")]
    public static partial void LinkRedeemed(ILogger logger, string tenantId, string invitationId, string userId);

    [LoggerMessage(14003, LogLevel.Information, "Tenant {TenantId}: one-time link {InvitationId} refused ({Reason})")]
    public static partial void LinkRefused(ILogger logger, string tenantId, string invitationId, string reason);
}
