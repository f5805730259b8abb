namespace SendGateway.Server.Users.Panel;

/// <summary>The Users page's invitation: an address and a role; the person sets their own password and second factor through the link.</summary>
internal sealed class InviteForm
{
    public string? Email { get; set; }

    public string Role { get; set; } = PanelRoles.Viewer;
}
