using Microsoft.Extensions.DependencyInjection.Extensions;
using SendGateway.Server.Delivery.Holds;

namespace SendGateway.Server.Reputation;

internal static class ReputationExtensions
{
    /// <summary>
    /// The reputation guard: the ingest step counts (every role registers it; the events role runs the ingester), the
    /// events role compares the rates, the delivery role holds paused tenants' mail (<see cref="PausedTenants"/> replaces
    /// the "never paused" answer delivery registers), and the API pauses and resumes.
    /// </summary>
    public static IHostApplicationBuilder AddReputation(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<ReputationOptions>("SendGateway:Reputation");
        builder.Services.AddSingleton<ReputationCounter>();
        builder.Services.AddSingleton<ReputationGuard>();
        builder.Services.AddSingleton<Events.IIngestStep, ReputationCountStep>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, ReputationTenantDeletionStep>();
        if (roles.Events)
        {
            builder.Services.AddHostedService<ReputationWorker>();
        }

        if (roles.Delivery)
        {
            builder.Services.AddSingleton<PausedTenants>();
            builder.Services.Replace(ServiceDescriptor.Singleton<ITenantPauses>(s => s.GetRequiredService<PausedTenants>()));
            builder.Services.AddHostedService<PausedTenantsWorker>();
        }

        return builder;
    }
}
