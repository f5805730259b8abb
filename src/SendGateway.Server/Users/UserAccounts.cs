namespace SendGateway.Server.Users;

/// <summary>Creating a panel user, the same for the command line (<c>user create</c>), the API and the demo seeding.</summary>
internal sealed class UserAccounts(UserStore store, PanelPasswords passwords)
{
    /// <summary>
    /// Null when the address has an account already. Without <paramref name="password"/> one is made; with
    /// <paramref name="enrolTotp"/> the second factor is on at once and its otpauth URI returned (for provisioning
    /// scripts); otherwise the person enrols one at the first sign-in.
    /// </summary>
    public async Task<UserCreated?> CreateAsync(string? tenantId, string email, string role, string? password, bool enrolTotp, CancellationToken cancellationToken)
    {
        var made = password is null ? PanelPasswords.Generate() : null;
        if (await store.CreateAsync(tenantId, email.Trim(), role, passwords.Hash(password ?? made!), cancellationToken) is not { } user)
        {
            return null;
        }

        string? uri = null;
        if (enrolTotp)
        {
            var secret = TotpCodes.NewSecret();
            await store.SetPendingTotpAsync(user.Id, secret, cancellationToken);
            await store.EnableTotpAsync(user.Id, RecoveryCodes.Generate().Hashes, cancellationToken);
            uri = TotpCodes.Uri(secret, user.Email);
        }

        return new UserCreated(user.Id, user.Email, user.Role, user.TenantId, made, uri);
    }

    /// <summary>The demo owner of <c>make run</c>: created once, given a fresh password each run (printed, never logged).</summary>
    public async Task<(PanelUser User, string Password)> EnsureDemoOwnerAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        var password = PanelPasswords.Generate();
        if (await CreateAsync(tenantId, email, PanelRoles.Owner, password, enrolTotp: false, cancellationToken) is { } created)
        {
            return ((await store.GetAsync(created.Id, cancellationToken))!, password);
        }

        // Found by address within the tenant too: a reset demo owner has no password to sign in with until now.
        var existing = (await store.FindForSignInAsync(email, cancellationToken))?.User ?? (await store.FindInTenantAsync(tenantId, email, cancellationToken))!;
        await store.SetPasswordAsync(existing.Id, passwords.Hash(password), cancellationToken);
        return (existing, password);
    }
}
