using Microsoft.Extensions.DependencyInjection.Extensions;
using SendGateway.Server.Delivery.Shaping.Rules;

namespace SendGateway.Server.Delivery.Shaping.Actions;

internal static class ShapingActionsExtensions
{
    /// <summary>
    /// Shaping actions in Redis (<see cref="RedisShapingActions"/> in place of <see cref="NoShapingActions"/>) wherever mail
    /// is delivered or the admin API and console are served; the rules in effect default to none until a rules file is loaded.
    /// </summary>
    public static IHostApplicationBuilder AddShapingActions(this IHostApplicationBuilder builder, SendGatewayRoles roles)
    {
        builder.Services.AddValidatedOptions<ShapingActionsOptions>(Section);
        if (!roles.Delivery && !roles.Api)
        {
            return builder;
        }

        builder.Services.TryAddSingleton<IShapingRuleSet, EmptyShapingRuleSet>(); // a rules loader's Replace wins in any order
        builder.Services.AddSingleton<ShapingActionStore>();
        builder.Services.AddSingleton<RedisShapingActions>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IShapingActions>(s => s.GetRequiredService<RedisShapingActions>()));
        return builder;
    }

    public const string Section = "SendGateway:Delivery:ShapingActions";
}
