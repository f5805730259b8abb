using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.Shaping.Rules;

internal static class ShapingRulesExtensions
{
    public const string Section = "SendGateway:Delivery:ShapingRules";

    /// <summary>
    /// The rules file (<see cref="ShapingRulesOptions"/>): in a role that delivers and when enabled, the shipped rules with
    /// the operator's file over it replace the empty rule set, and a worker applies changes to the operator's file.
    /// </summary>
    public static IHostApplicationBuilder AddShapingRules(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<ShapingRulesOptions>(Section);
        if (!roles.Delivery || !builder.Configuration.GetSection(Section).GetValue(nameof(ShapingRulesOptions.Enabled), true))
        {
            return builder;
        }

        builder.Services.AddSingleton<IValidateOptions<ShapingRulesOptions>, ShapingRulesStartCheck>(); // a bad file stops the start
        builder.Services.AddSingleton<LiveShapingRuleSet>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IShapingRuleSet>(s => s.GetRequiredService<LiveShapingRuleSet>()));
        builder.Services.AddHostedService<ShapingRulesWorker>();
        return builder;
    }
}
