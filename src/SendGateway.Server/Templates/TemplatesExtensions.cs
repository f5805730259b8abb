namespace SendGateway.Server.Templates;

internal static class TemplatesExtensions
{
    /// <summary>The template engine every part renders through (accept, delivery, previews) and the stored templates.</summary>
    public static IHostApplicationBuilder AddTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TemplatesOptions>("SendGateway:Templates");
        builder.Services.AddSingleton<TemplateEngine>();
        builder.Services.AddSingleton<TemplateStore>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, TemplateTenantDeletionStep>();
        builder.Services.AddSingleton<CachedTemplates>();
        builder.Services.AddSingleton<TemplateChangeFeed>();
        builder.Services.AddHostedService(s => s.GetRequiredService<TemplateChangeFeed>());
        builder.Services.AddSingleton<TemplateEditor>();
        builder.Services.AddSingleton<TemplateChanges>();
        builder.Services.AddSingleton<Panel.TemplatePreviews>();
        return builder;
    }
}
