using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Privacy;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// Issue 33 §2: erasure, retention and tenant deletion run the steps each folder registers, in the one order of
/// <see cref="PrivacySteps.Owners"/>. Every step the server has is registered and ordered, and a start with a step the
/// order does not declare fails instead of running it somewhere unplanned.
/// </summary>
[TestFixture]
public sealed class PrivacyStepsTests
{
    [Test]
    public async Task TheDeclaredOrderCoversEveryRegisteredStep()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var client = factory.CreateClient(); // started: the start checks the steps too
        Covered<IErasureStep>(factory.Services, PrivacyParts.Erasure);
        Covered<IRetentionStep>(factory.Services, PrivacyParts.Retention);
        Covered<ITenantDeletionStep>(factory.Services, PrivacyParts.TenantDeletion);
    }

    [Test]
    public void AStartWithAStepRegisteredButNotOrderedFails()
    {
        using var factory = new SendGatewayFactory("api");
        using var unordered = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IErasureStep, UnorderedErasureStep>()));
        var failure = Assert.Catch(() => unordered.CreateClient().Dispose());
        var messages = string.Join(" | ", Chain(failure!).Select(e => e.Message));
        Assert.That(messages, Does.Contain($"{typeof(UnorderedErasureStep).FullName} is registered, but {typeof(UnorderedErasureStep).Namespace} is not declared for Erasure"));
    }

    [Test]
    public async Task AFolderDeclaredWithoutItsStepFails()
    {
        await using var factory = new SendGatewayFactory("api");
        using var client = factory.CreateClient();
        var withoutEvents = factory.Services.GetServices<IErasureStep>().Where(s => PrivacySteps.FolderOf(s.GetType()) != "Events");
        var failure = Assert.Throws<InvalidOperationException>(() => PrivacySteps.Arrange(withoutEvents, PrivacyParts.Erasure));
        Assert.That(failure!.Message, Does.Contain("Events is declared for Erasure in PrivacySteps.Owners, but registers no IErasureStep"));
    }

    /// <summary>The registered steps are every step type of the server, and they arrange into the declared folders' order.</summary>
    private static void Covered<T>(IServiceProvider services, PrivacyParts part)
        where T : class
    {
        var registered = services.GetServices<T>().ToList();
        var existing = typeof(PrivacySteps).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t));
        Assert.That(registered.Select(s => s.GetType()), Is.EquivalentTo(existing), $"every {typeof(T).Name} of the server is registered");
        var declared = PrivacySteps.Owners.Where(o => o.Parts.HasFlag(part)).Select(o => o.Folder);
        Assert.That(PrivacySteps.Arrange(registered, part).Select(s => PrivacySteps.FolderOf(s.GetType())), Is.EqualTo(declared), $"{part} runs in the declared order");
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    /// <summary>A step of a folder the order does not declare (this test's).</summary>
    private sealed class UnorderedErasureStep : IErasureStep
    {
        public Task EraseAsync(ErasureBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
