using Microsoft.AspNetCore.Authentication;
using SendGateway.Server.Panel;
using SendGateway.Server.Tenants.Panel;

namespace SendGateway.Server.Tenants;

internal static class TenantsExtensions
{
    public static IHostApplicationBuilder AddTenants(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>("SendGateway:Admin");
        builder.Services.AddSingleton<TenantStore>();
        builder.Services.AddSingleton<TenantPauseStore>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, TenantRowDeletionStep>();
        builder.Services.AddSingleton<CachedTenants>();
        builder.Services.AddSingleton<ISuspendedTenants, TenantSuspensions>();
        builder.Services.AddSingleton<ITenantNotices, TenantStateNotices>();
        builder.Services.AddSingleton<ApiKeyRevocations>();
        builder.Services.AddSingleton<ApiKeyChanges>();
        builder.Services.AddSingleton<TenantChanges>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ApiKeyRevocations>());
        builder.Services.AddSingleton<TenantInvalidations>();
        builder.Services.AddHostedService(s => s.GetRequiredService<TenantInvalidations>());
        builder.Services.AddValidatedOptions<Common.LastUseOptions>("SendGateway:LastUse");
        builder.Services.AddSingleton<ApiKeyUses>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ApiKeyUses>());
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Send, p => p.RequireClaim(TenantClaims.Scope, Scopes.Send))
            .AddPolicy(Scopes.Read, p => p.RequireClaim(TenantClaims.Scope, Scopes.Read))
            .AddPolicy(Scopes.Manage, p => p.RequireClaim(TenantClaims.Scope, Scopes.Manage))
            .AddPolicy(Scopes.Admin, p => p.RequireClaim(TenantClaims.Operator, "true"))
            .AddKeyRolePolicies();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, KeyRoleRefusals>();
        return builder;
    }
}
