using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SendGateway.Server.Domains;
using SendGateway.Server.Relay;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Demo;

/// <summary>
/// For <c>make run</c>, once the host has started (so MigrationWorker has run): ensures a demo tenant with a verified sender domain (keeping 7 days of content as sent for the panel) and an owner, then prints a fresh API key and a
/// working curl command to the console (never to the logs).
/// </summary>
internal sealed class DemoSeeder(
    IOptions<DemoOptions> options, TenantStore tenants, DomainChanges domains, Users.UserAccounts users, Settings.TenantSettingsStore settings, SmtpCredentialStore smtpCredentials, IOptions<RelayOptions> relay,
    SendGatewayRoles roles, IServer server, IHostApplicationLifetime lifetime, IOptions<Storage.ResilienceOptions> resilience, TimeProvider time,
    ILogger<DemoSeeder> logger) : Storage.ResilientBackgroundService("Demo seeding", logger, resilience, time)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        if (!demo.Enabled)
        {
            return;
        }

        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var tenant = await tenants.FindByNameAsync(demo.TenantName, stoppingToken);
        var key = tenant is null
            ? (await tenants.CreateAsync(demo.TenantName, TenantRoles.Owner, ApiKeyMaker.Demo, stoppingToken)).ApiKey
            : await tenants.CreateApiKeyAsync(tenant.Id, $"make-run-{Time.GetUtcNow():yyyyMMddHHmmss}", Scopes.All, stoppingToken);
        tenant ??= await tenants.FindByNameAsync(demo.TenantName, stoppingToken);
        // The demo domain is on no public DNS: the operator override (domain verify --force), audited as such.
        if (await domains.ForceVerifyAsync(tenant!.Id, demo.Domain, stoppingToken) is DomainAddStatus.HeldElsewhere or DomainAddStatus.InvalidName)
        {
            DemoLog.DomainNotVerified(logger, demo.Domain);
        }

        var current = await settings.GetAsync(tenant.Id, stoppingToken);
        if (current.KeepContentDays is null)
        {
            await settings.SaveAsync(tenant.Id, current with { KeepContentDays = 7 }, stoppingToken); // the panel shows what was sent
        }

        var (credential, password) = await smtpCredentials.CreateAsync(tenant.Id, $"make-run-{Time.GetUtcNow():yyyyMMddHHmmss}", null, relay.Value.PasswordHashIterations, stoppingToken);
        var smtp = roles.Relay
            ? $"""

              Or through the SMTP relay (STARTTLS on {relay.Value.Ports.Submission}, implicit TLS on {relay.Value.Ports.Tls}; the certificate is self-signed):
                swaks --server {relay.Value.ListenAddress}:{relay.Value.Ports.Submission} --tls --auth PLAIN --auth-user {credential.Username} --auth-password {password} \
                  --from hello@{demo.Domain} --to bob@example.test --header 'Subject: Hi from SMTP'
              """
            : string.Empty;
        var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        var (owner, ownerPassword) = await users.EnsureDemoOwnerAsync(tenant.Id, $"owner@{demo.Domain}", stoppingToken);
        var panel = owner.TotpEnabled
            ? $"sign in as {owner.Email} with password {ownerPassword} and your authenticator's code"
            : $"sign in as {owner.Email} with password {ownerPassword}, then set up the second factor it asks for";
        Console.WriteLine($$$"""

            ==== SendGateway is running on {{{url}}} ====
            Demo tenant {{{tenant.Id}}} (sender domain {{{demo.Domain}}}); API key (shown once): {{{key}}}
            Web panel: {{{url}}}/panel — {{{panel}}}.
            Mail is captured, not sent: every message lands as an .eml file in {{{demo.CaptureFolder ?? "the capture folder"}}}.

            Send one:
              curl -s -X POST {{{url}}}/v1/messages -H 'Authorization: Bearer {{{key}}}' -H 'Content-Type: application/json' \
                -d '{"from":{"email":"hello@{{{demo.Domain}}}"},"to":[{"email":"ann@example.test","vars":{"first":"Ann"}}],"subject":"Hello {{first}}","text":"Hi {{first}}!"}'
            Then its status (use the id from the answer), or watch it in the panel's Activity:
              curl -s {{{url}}}/v1/messages/<msg id> -H 'Authorization: Bearer {{{key}}}'
            {{{smtp}}}
            Or as an EmailLabs client does (it changes only its base address to {{{url}}}/api/; app key and secret are the API key split at its last '_'):
              curl -s -u '{{{key[..key.LastIndexOf('_')]}}}:{{{key[(key.LastIndexOf('_') + 1)..]}}}' {{{url}}}/api/new_sendmail -d smtp_account={{{credential.Name}}} -d from=hello@{{{demo.Domain}}} \
                --data-urlencode 'to[ann@example.test][vars][first]=Ann' --data-urlencode 'subject=Hello {{first}}' --data-urlencode 'text=Hi {{first}}!'
            .NET: the SendGateway.Client package (dotnet pack src/SendGateway.Client) and samples/SendGateway.Sample.
            Swagger UI: {{{url}}}/swagger · metrics: {{{url}}}/metrics · Ctrl-C stops everything.

            """);
    }
}
