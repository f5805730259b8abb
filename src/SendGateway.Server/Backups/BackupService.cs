using System.Buffers.Binary;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Backups;

/// <summary>
/// <c>backup</c> / <c>restore</c>: a <c>pg_dump</c> (one consistent snapshot, custom format) plus every key of the Redis
/// database (DUMP with its TTL), in one archive encrypted with AES-256-GCM under a key derived from the master key.
/// The Redis part is per-key consistent, not a point-in-time snapshot of the whole keyspace.
/// </summary>
internal sealed class BackupService(IConfiguration configuration, IConnectionMultiplexer redis, SecretBox secrets, IOptions<BackupOptions> options, TimeProvider time)
{
    private const int ScanPage = 1000;
    private static readonly byte[] Magic = "SGBK"u8.ToArray();

    private string Postgres => configuration.GetConnectionString("Postgres") ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");

    private byte[] Key => secrets.DeriveKey("backups");

    public async Task<(string File, long RedisKeys, long PostgresBytes)> BackupAsync(string? directory, CancellationToken cancellationToken)
    {
        var dir = directory ?? options.Value.Directory;
        System.IO.Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"sendgateway-{time.GetUtcNow():yyyyMMddTHHmmssZ}.sgbak");
        var plainPath = file + ".tmp";
        long keys = 0, pgBytes;
        try
        {
            await using (var plain = new FileStream(plainPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                await plain.WriteAsync(Magic, cancellationToken);
                var lengthAt = plain.Position;
                await plain.WriteAsync(new byte[8], cancellationToken);
                await PostgresTools.RunAsync("pg_dump", Postgres, ["--format=custom", "--no-owner", "--no-privileges"], plain, cancellationToken);
                pgBytes = plain.Position - lengthAt - 8;
                var end = plain.Position;
                plain.Position = lengthAt;
                await plain.WriteAsync(BigEndian(pgBytes), cancellationToken);
                plain.Position = end;
                keys = await WriteRedisAsync(plain, cancellationToken);
                plain.Position = 0;
                await using var output = new FileStream(file, FileMode.CreateNew);
                await EncryptedArchive.WriteAsync(output, Key, plain, cancellationToken);
            }
        }
        catch
        {
            File.Delete(file);
            throw;
        }

        foreach (var old in System.IO.Directory.GetFiles(dir, "sendgateway-*.sgbak").Where(f => File.GetLastWriteTimeUtc(f) < time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays)))
        {
            File.Delete(old);
        }

        return (file, keys, pgBytes);
    }

    public async Task<(long RedisKeys, long PostgresBytes)> RestoreAsync(string file, CancellationToken cancellationToken)
    {
        var dumpPath = Path.GetTempFileName();
        try
        {
            await using var plain = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            await using (var input = File.OpenRead(file))
            {
                await EncryptedArchive.ReadAsync(input, Key, plain, cancellationToken);
            }

            plain.Position = 0;
            var magic = new byte[4];
            await plain.ReadExactlyAsync(magic, cancellationToken);
            if (!magic.SequenceEqual(Magic))
            {
                throw new InvalidDataException("The archive does not hold a SendGateway backup.");
            }

            var pgBytes = await ReadInt64Async(plain, cancellationToken);
            await using (var dump = File.Create(dumpPath))
            {
                await CopyAsync(plain, dump, pgBytes, cancellationToken);
            }

            await PostgresTools.RunAsync("pg_restore", Postgres, ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", dumpPath], null, cancellationToken);
            return (await RestoreRedisAsync(plain, cancellationToken), pgBytes);
        }
        finally
        {
            File.Delete(dumpPath);
        }
    }

    private async Task<long> WriteRedisAsync(Stream output, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        long count = 0;
        var countAt = output.Position;
        await output.WriteAsync(new byte[8], cancellationToken);
        foreach (var endPoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endPoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(db.Database, "*", ScanPage).WithCancellation(cancellationToken))
            {
                var value = await db.KeyDumpAsync(key);
                if (value is null)
                {
                    continue; // expired or deleted meanwhile
                }

                var ttl = await db.KeyTimeToLiveAsync(key);
                await WriteBlobAsync(output, (byte[])key!, cancellationToken);
                await output.WriteAsync(BigEndian(ttl is { } t ? (long)t.TotalMilliseconds : 0), cancellationToken);
                await WriteBlobAsync(output, value, cancellationToken);
                count++;
            }
        }

        var end = output.Position;
        output.Position = countAt;
        await output.WriteAsync(BigEndian(count), cancellationToken);
        output.Position = end;
        return count;
    }

    private async Task<long> RestoreRedisAsync(Stream input, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var count = await ReadInt64Async(input, cancellationToken);
        for (long i = 0; i < count; i++)
        {
            var key = await ReadBlobAsync(input, cancellationToken);
            var ttl = await ReadInt64Async(input, cancellationToken);
            var value = await ReadBlobAsync(input, cancellationToken);
            await db.ExecuteAsync("RESTORE", (RedisKey)key, ttl > 0 ? ttl : 0, value, "REPLACE");
        }

        return count;
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static async Task<long> ReadInt64Async(Stream input, CancellationToken cancellationToken)
    {
        var bytes = new byte[8];
        await input.ReadExactlyAsync(bytes, cancellationToken);
        return BinaryPrimitives.ReadInt64BigEndian(bytes);
    }

    private static async Task WriteBlobAsync(Stream output, byte[] blob, CancellationToken cancellationToken)
    {
        await output.WriteAsync(BigEndian(blob.Length), cancellationToken);
        await output.WriteAsync(blob, cancellationToken);
    }

    private static async Task<byte[]> ReadBlobAsync(Stream input, CancellationToken cancellationToken)
    {
        var length = await ReadInt64Async(input, cancellationToken);
        if (length is < 0 or > 512L << 20)
        {
            throw new InvalidDataException("Corrupt Redis entry in the backup.");
        }

        var blob = new byte[length];
        await input.ReadExactlyAsync(blob, cancellationToken);
        return blob;
    }

    private static async Task CopyAsync(Stream from, Stream to, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException("The backup ends inside its PostgreSQL dump.");
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            count -= read;
        }
    }
}
