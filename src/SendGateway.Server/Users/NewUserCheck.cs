namespace SendGateway.Server.Users;

/// <summary>What <c>POST /v1/users</c> and the panel's Users page both check before adding a person.</summary>
internal static class NewUserCheck
{
    /// <summary>The errors by the API's field names; the normalised address when there are none.</summary>
    public static (Dictionary<string, string[]> Errors, string? Email) Check(string? email, string? role, string? password)
    {
        var errors = new Dictionary<string, string[]>();
        var normalized = Addresses.Normalize(email?.Trim());
        if (normalized is null)
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (!PanelRoles.IsTenantRole(role))
        {
            errors["role"] = [$"One of {string.Join(", ", PanelRoles.TenantRoles)}."];
        }

        if (password is { Length: < PanelPasswords.MinLength or > PanelPasswords.MaxLength })
        {
            errors["password"] = [$"Between {PanelPasswords.MinLength} and {PanelPasswords.MaxLength} characters (or leave it out to have one made)."];
        }

        return (errors, errors.Count == 0 ? normalized : null);
    }
}
