using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Tests;

/// <summary>The PostgreSQL connection defaults: statements prepared, no reset on return to the pool, unless the operator chose.</summary>
[TestFixture]
public sealed class PostgresConnectionDefaultsTests
{
    [Test]
    public void AConnectionStringWithoutThemGetsAutoPrepareAndNoReset()
    {
        var built = new NpgsqlConnectionStringBuilder(StorageExtensions.WithAutoPrepare("Host=db;Username=sg;Database=sg"));
        Assert.That(built.MaxAutoPrepare, Is.EqualTo(64));
        Assert.That(built.AutoPrepareMinUsages, Is.EqualTo(2));
        Assert.That(built.NoResetOnClose, Is.True);
    }

    [TestCase("Max Auto Prepare=0;No Reset On Close=false")]
    [TestCase("MaxAutoPrepare=0;NoResetOnClose=false")]
    [TestCase("max auto prepare=0;no reset on close=False")]
    public void TheOperatorsOwnChoiceIsKept(string options) // e.g. behind PgBouncer in transaction mode
    {
        var built = new NpgsqlConnectionStringBuilder(StorageExtensions.WithAutoPrepare($"Host=db;Username=sg;Database=sg;{options}"));
        Assert.That(built.MaxAutoPrepare, Is.Zero);
        Assert.That(built.NoResetOnClose, Is.False);
    }
}
