namespace SendGateway.Server.Panel.People;

/// <summary>The Users page's invitation: an address and a role; the password is made and shown once.</summary>
public sealed class InviteForm
{
    public string? Email { get; set; }

    public string Role { get; set; } = Users.PanelRoles.Viewer;
}
