using SendGateway.Server.Tenants;

namespace SendGateway.Server.Users;

/// <summary>
/// Who may do what to a panel user: the one set of rules behind <c>/v1/users</c> (the actor's role is the API key's
/// ceiling) and the panel's Users page (the person's role). Nobody creates or raises anyone above their own role; only an
/// owner touches an owner; the last owner is never removed, demoted or reset. <see cref="UserStore.ChangeAsync"/> applies
/// <see cref="ForChange"/> inside its transaction, so two concurrent demotions cannot both pass.
/// </summary>
internal static class UserChangeRules
{
    public static RoleRefusal? ForNewUser(string actorRole, string role) =>
        TenantRoles.AtLeast(actorRole, role) ? null : Ceiling(actorRole, role);

    /// <summary>Whether the actor may change <paramref name="target"/> at all (the panel shows the change forms only then).</summary>
    public static bool MayTouch(string actorRole, PanelUser target) => target.Role != PanelRoles.Owner || actorRole == PanelRoles.Owner;

    /// <param name="owners">The tenant's owners now, the target included when it is one.</param>
    public static RoleRefusal? ForChange(string actorRole, PanelUser target, UserChangeKind kind, string? newRole, int owners)
    {
        if (!MayTouch(actorRole, target))
        {
            return new(RoleRefusal.OwnerOnly, "Only an owner changes, removes or resets the second factor of an owner.");
        }

        if (kind == UserChangeKind.Role && !TenantRoles.AtLeast(actorRole, newRole ?? string.Empty))
        {
            return Ceiling(actorRole, newRole);
        }

        var staysOwner = kind == UserChangeKind.Role && newRole == PanelRoles.Owner;
        return target.Role == PanelRoles.Owner && owners <= 1 && !staysOwner
            ? new(RoleRefusal.LastOwner, "This is the tenant's last owner: make someone else owner first.")
            : null;
    }

    private static RoleRefusal Ceiling(string actorRole, string? role) =>
        new(RoleRefusal.RoleCeiling, $"Nobody gives a role above their own: '{role}' is above '{actorRole}'.");
}
