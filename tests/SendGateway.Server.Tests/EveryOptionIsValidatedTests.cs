using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;
using SendGateway.Server.Demo;
using SendGateway.Server.Hosting;

namespace SendGateway.Server.Tests;

/// <summary>
/// Every option with a range, nested ones and per-destination rules included, is validated: a value just outside it
/// stops the start with a line naming its configuration key. The cases come from the options types themselves, so a
/// new option is covered without a new test, and a new options type that is not registered fails the first test.
/// </summary>
public sealed class EveryOptionIsValidatedTests
{
    /// <summary>Every registered options type and its section (the registrations in the feature folders).</summary>
    private static readonly Dictionary<Type, string> Roots = new()
    {
        [typeof(Backups.BackupOptions)] = "SendGateway:Backup",
        [typeof(Common.LastUseOptions)] = "SendGateway:LastUse",
        [typeof(DemoOptions)] = "SendGateway:Demo",
        [typeof(Storage.ResilienceOptions)] = "SendGateway:Resilience",
        [typeof(Storage.StorageOptions)] = "SendGateway:Storage",
        [typeof(Events.EventsOptions)] = "SendGateway:Events",
        [typeof(ApiOptions)] = "SendGateway:Api",
        [typeof(DocsOptions)] = "SendGateway:Docs",
        [typeof(ProxyOptions)] = "SendGateway:Proxies",
        [typeof(ManagementOptions)] = "SendGateway:Management",
        [typeof(Common.SecretsOptions)] = "SendGateway:Secrets",
        [typeof(RateLimitOptions)] = "SendGateway:RateLimits",
        [typeof(Messages.MessagesOptions)] = "SendGateway:Messages",
        [typeof(Queue.QueueOptions)] = "SendGateway:Queue",
        [typeof(Bounces.BounceOptions)] = "SendGateway:Bounces",
        [typeof(Webhooks.WebhooksOptions)] = "SendGateway:Webhooks",
        [typeof(TlsReports.TlsReportsOptions)] = "SendGateway:TlsReports",
        [typeof(Reputation.ReputationOptions)] = "SendGateway:Reputation",
        [typeof(Privacy.PrivacyOptions)] = "SendGateway:Privacy",
        [typeof(Streams.StreamsOptions)] = "SendGateway:Streams",
        [typeof(Suppressions.SuppressionsOptions)] = "SendGateway:Suppressions",
        [typeof(Delivery.DeliveryOptions)] = "SendGateway:Delivery",
        [typeof(Delivery.TlsPolicy.DeliveryTlsOptions)] = "SendGateway:Delivery:Tls",
        [typeof(Delivery.TlsPolicy.Dane.DaneOptions)] = "SendGateway:Delivery:Tls:Dane",
        [typeof(Tenants.AdminOptions)] = "SendGateway:Admin",
        [typeof(Idempotency.IdempotencyOptions)] = "SendGateway:Idempotency",
        [typeof(DnsOptions)] = "SendGateway:Delivery:Dns", // also nested in DeliveryOptions
        [typeof(Relay.RelayOptions)] = "SendGateway:Relay",
        [typeof(Server.Templates.TemplatesOptions)] = "SendGateway:Templates",
        [typeof(Server.Tracking.TrackingOptions)] = "SendGateway:Tracking",
        [typeof(Domains.DomainProofOptions)] = "SendGateway:Domains",
        [typeof(Server.Panel.PanelOptions)] = "SendGateway:Panel",
        [typeof(Server.EmailLabs.EmailLabsOptions)] = "SendGateway:EmailLabs",
        [typeof(Server.Users.InvitationOptions)] = "SendGateway:Invitations",
        [typeof(Server.SystemMail.SystemMailOptions)] = "SendGateway:SystemMail",
        [typeof(Delivery.TlsPolicy.MtaSts.MtaStsOptions)] = "SendGateway:Delivery:Tls:MtaSts",
        [typeof(Delivery.Shaping.Rules.ShapingRulesOptions)] = "SendGateway:Delivery:ShapingRules",
        [typeof(Delivery.Shaping.Actions.ShapingActionsOptions)] = "SendGateway:Delivery:ShapingActions",
        [typeof(Server.QueueControls.QueueControlsOptions)] = "SendGateway:QueueControls",
    };

    [Test]
    public void EveryOptionsTypeIsRegisteredOrNestedInOne()
    {
        var nested = Roots.Keys.SelectMany(t => Members(t, string.Empty)).Select(m => m.Owner).ToHashSet();
        var all = typeof(ValidatedOptions).Assembly.GetTypes().Where(t => t is { IsPublic: true, IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal));
        Assert.That(all.Where(t => !Roots.ContainsKey(t) && !nested.Contains(t)).Select(t => t.FullName), Is.Empty);
    }

    public static IEnumerable<TestCaseData> OutOfRange() =>
        from root in Roots
        from member in Members(root.Key, root.Value)
        let range = member.Property.GetCustomAttribute<RangeAttribute>()
        where range is not null
        select new TestCaseData(root.Key, root.Value, member.Key, Below(member.Property.PropertyType, range)).SetArgDisplayNames(member.Key);

    [TestCaseSource(nameof(OutOfRange))]
    public void AValueOutOfItsRangeStopsTheStartNamingItsKey(Type root, string section, string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        typeof(ValidatedOptions).GetMethod(nameof(ValidatedOptions.AddValidatedOptions))!.MakeGenericMethod(root).Invoke(null, [services, section]);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(root));

        var thrown = Assert.Throws<TargetInvocationException>(() => options.GetType().GetProperty("Value")!.GetValue(options))!.InnerException!;
        Assert.That(StartupFailure.Describe(thrown), Has.Some.StartsWith($"Invalid configuration: {key}:"), thrown.Message);
    }

    /// <summary>Properties with their configuration keys, through nested objects of ours and the values of dictionaries of them.</summary>
    private static IEnumerable<(Type Owner, PropertyInfo Property, string Key)> Members(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            yield return (type, property, key);
            var target = property.PropertyType;
            // Any nested object of ours, marked or not: an unmarked one (never validated) makes its cases fail.
            if (target.IsClass && target.Assembly == typeof(ValidatedOptions).Assembly)
            {
                foreach (var member in Members(target, key))
                {
                    yield return member;
                }
            }
            else if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(Dictionary<,>) && target.GetGenericArguments()[1] is { IsClass: true } value && value != typeof(string)
                && !value.IsGenericType)
            {
                foreach (var member in Members(value, $"{key}:probe"))
                {
                    yield return member;
                }
            }
        }
    }

    private static string Below(Type type, RangeAttribute range)
    {
        if (type == typeof(TimeSpan))
        {
            var min = TimeSpan.Parse((string)range.Minimum, CultureInfo.InvariantCulture);
            return min > TimeSpan.Zero ? (min - TimeSpan.FromTicks(1)).ToString("c", CultureInfo.InvariantCulture) : "-00:00:01";
        }

        var minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        return type == typeof(double) ? (minimum - 0.5).ToString(CultureInfo.InvariantCulture) : ((long)minimum - 1).ToString(CultureInfo.InvariantCulture);
    }
}
