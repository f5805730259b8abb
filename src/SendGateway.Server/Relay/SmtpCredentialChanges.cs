using Microsoft.Extensions.Options;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Relay;

/// <summary>
/// Creating and revoking SMTP relay credentials: the one implementation behind <c>/v1/smtp-credentials</c> and the
/// panel's SMTP page. The password is hashed with <see cref="RelayOptions.PasswordHashIterations"/> and shown once.
/// </summary>
internal sealed class SmtpCredentialChanges(SmtpCredentialStore store, Streams.StreamStore streams, TenantInvalidations invalidations, IOptions<RelayOptions> relay)
{
    /// <summary>The errors by the API's field names, or none and the credential with its password.</summary>
    public async Task<(Dictionary<string, string[]> Errors, SmtpCredentialCreated? Created)> CreateAsync(string tenantId, string? name, string? defaultStream, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            return (new() { ["name"] = ["A name of 1 to 200 printable characters is required."] }, null);
        }

        if (await StreamErrorAsync(tenantId, defaultStream, cancellationToken) is { } error)
        {
            return (error, null);
        }

        var (credential, password) = await store.CreateAsync(tenantId, name, defaultStream, relay.Value.PasswordHashIterations, cancellationToken);
        return ([], new SmtpCredentialCreated(credential.Id, credential.Name, credential.Username, password, credential.CreatedAt, credential.DefaultStream));
    }

    /// <summary>
    /// The stream messages sent with the credentials belong to unless they say; null: transactional. Sessions signed in
    /// already keep the stream they signed in with; new logins on every node get the new one (cached logins dropped).
    /// </summary>
    public async Task<(Dictionary<string, string[]> Errors, SmtpCredential? Updated)> SetDefaultStreamAsync(
        string tenantId, string id, string? defaultStream, CancellationToken cancellationToken)
    {
        if (await StreamErrorAsync(tenantId, defaultStream, cancellationToken) is { } error)
        {
            return (error, null);
        }

        var updated = await store.SetDefaultStreamAsync(tenantId, id, defaultStream, cancellationToken);
        if (updated is not null)
        {
            await invalidations.ChangedAsync(tenantId, cancellationToken);
        }

        return ([], updated);
    }

    private async Task<Dictionary<string, string[]>?> StreamErrorAsync(string tenantId, string? stream, CancellationToken cancellationToken) =>
        stream is null || (Streams.StreamInput.IsId(stream) && await streams.FindAsync(tenantId, stream, cancellationToken) is not null)
            ? null
            : new() { ["default_stream"] = ["This account has no stream of that id (GET /v1/streams)."] };

    /// <summary>
    /// False when the tenant has no such credential. New logins with it fail on every node at once (the tenant's cached
    /// logins are dropped everywhere, the others re-checked once); sessions already signed in with it finish their message.
    /// </summary>
    public async Task<bool> RevokeAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenantId, id, cancellationToken))
        {
            return false;
        }

        await invalidations.ChangedAsync(tenantId, cancellationToken);
        return true;
    }
}
