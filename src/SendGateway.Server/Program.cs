using SendGateway.Server.EmailLabs;
using SendGateway.Server.Audit;
using SendGateway.Server.Backups;
using SendGateway.Server.CommandLine;
using SendGateway.Server.Demo;
using SendGateway.Server.Idempotency;
using SendGateway.Server.Bounces;
using SendGateway.Server.Delivery;
using SendGateway.Server.Delivery.Shaping.Actions;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.Delivery.TlsPolicy.MtaSts;
using SendGateway.Server.Delivery.TlsPolicy.Dane;
using SendGateway.Server.Domains;
using SendGateway.Server.Events;
using SendGateway.Server.Inbound;
using SendGateway.Server.IpPools;
using SendGateway.Server.Hosting;
using SendGateway.Server.Messages;
using SendGateway.Server.Messages.Panel;
using SendGateway.Server.Privacy;
using SendGateway.Server.Privacy.Panel;
using SendGateway.Server.Queue;
using SendGateway.Server.QueueControls;
using SendGateway.Server.Relay;
using SendGateway.Server.Reputation;
using SendGateway.Server.Settings;
using SendGateway.Server.Storage;
using SendGateway.Server.Streams;
using SendGateway.Server.Suppressions;
using SendGateway.Server.Suppressions.Panel;
using SendGateway.Server.Templates;
using SendGateway.Server.Templates.Panel;
using SendGateway.Server.Tenants;
using SendGateway.Server.Panel;
using SendGateway.Server.Users;
using SendGateway.Server.Users.Panel;
using SendGateway.Server.SystemMail;
using SendGateway.Server.TlsReports;
using SendGateway.Server.Tracking;
using SendGateway.Server.Webhooks;

try
{
    return await RunAsync(args);
}
catch (Exception e) when (StartupFailure.Describe(e) is { } lines)
{
    // A setting is wrong: one line per problem naming the key and the fix, no stack trace (issue: first run).
    foreach (var line in lines)
    {
        await Console.Error.WriteLineAsync(line);
    }

    return 1;
}

static async Task<int> RunAsync(string[] args)
{
var builder = WebApplication.CreateBuilder(CommandLineCommands.HostArgs(args));
builder.Configuration.AddProgramDefaults(); // below appsettings.json, the environment and the command line
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080"); // api.md §10 default: loopback only unless told otherwise.
}

var roles = new SendGatewayRoles(builder.Configuration);
builder.Services.AddSingleton(roles);
HttpListeners.TakeOverUrlsWhenExplicit(builder, roles); // Kestrel then has no addresses to warn it overrides
builder.AddSendGatewayDefaults();
builder.AddStorage();
builder.AddTenants();
builder.AddQueue();
builder.AddDomains(roles);
builder.AddIpPools();
builder.AddTemplates();
builder.AddTracking();
builder.AddMessages();
builder.AddSettings();
builder.AddStreams();
builder.AddSuppressions(roles);
builder.AddPrivacy(roles);
builder.AddIdempotency();
builder.AddBackups();
builder.AddRelay(roles);
builder.AddBounces(roles);
builder.AddInbound(roles);
builder.AddQueueControls(); // before delivery: its worker reads the controls in effect before delivery starts
builder.AddDelivery(roles);
builder.AddShapingActions(roles);
builder.AddShapingRules(roles);
builder.AddTlsPolicy(roles);
builder.AddMtaSts();
builder.AddTlsReports(roles);
builder.AddDane(roles);
builder.AddEvents(roles);
builder.AddWebhooks(roles);
builder.AddReputation(roles);
builder.AddUsers();
builder.AddSystemMail();
builder.AddEmailLabs();
builder.AddPanel();
builder.AddDemo();
builder.AddDocsSite();

var app = builder.Build();
app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate(); // commands too, not only serve
if (await CommandLineCommands.RunAsync(app, args, CancellationToken.None) is { } exitCode)
{
    return exitCode;
}

app.UseSendGatewayFront(); // forwarded headers first: every later reader of the client's address sees the client's
app.UseMiddleware<ImportBodyLimit>(); // before antiforgery reads the Suppressions page's form
app.MapSendGatewayDefaults();
if (roles.Api)
{
    app.MapTenantsAdminApi();
    app.MapReputationAdminApi();
    app.MapIpPoolsAdminApi();
    app.MapTlsPoliciesAdminApi();
    app.MapShapingActionsAdminApi();
    app.MapQueuesApi();
    app.MapQueueControlsAdminApi();
    app.MapDeadLettersApi();
    app.MapApiKeysApi();
    app.MapDomainsApi();
    app.MapSmtpCredentialsApi();
    app.MapMessagesApi();
    app.MapTemplatesApi();
    app.MapTrackingApi();
    app.MapUnsubscribeApi();
    app.MapEventsApi();
    app.MapSuppressionsApi();
    app.MapSettingsApi();
    app.MapStreamsApi();
    app.MapWebhooksApi();
    app.MapPrivacyApi();
    app.MapTenantDeletionApi();
    app.MapAuditApi();
    app.MapOperatorAccessApi();
    app.MapUsersApi();
    app.MapEmailLabsApi();
    app.MapPanel();
    app.MapPanelSignOut();
    app.MapPanelPrivacyExport();
    app.MapPanelSuppressionsExport();
    app.MapPanelTemplatePreview();
    app.MapPanelContentFrame();
    app.MapDocsSite(); // / leads to the panel, /docs serves the guide, problem types point into it
}

await app.RunAsync();
return 0;
}

/// <summary>Entry point; public so the integration tests' WebApplicationFactory can host it.</summary>
public partial class Program;
