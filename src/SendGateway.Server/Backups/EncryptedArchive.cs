using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SendGateway.Server.Backups;

/// <summary>
/// Streaming AES-256-GCM for backup archives: a header (<c>SGBE</c>, version, 8-byte random nonce prefix), then frames of
/// at most 1 MiB <c>[u32 length][u8 final][ciphertext][tag]</c>. Each frame's nonce is the prefix plus its index, and the
/// index and final flag are authenticated, so frames cannot be reordered, dropped or the archive truncated unnoticed.
/// </summary>
internal static class EncryptedArchive
{
    public const int FrameBytes = 1 << 20;
    private static readonly byte[] Magic = "SGBE"u8.ToArray();

    public static async Task WriteAsync(Stream output, byte[] key, Stream plaintext, CancellationToken cancellationToken)
    {
        var prefix = RandomNumberGenerator.GetBytes(8);
        await output.WriteAsync(Magic, cancellationToken);
        output.WriteByte(1);
        await output.WriteAsync(prefix, cancellationToken);
        using var aes = new AesGcm(key, 16);
        var buffer = new byte[FrameBytes];
        var next = new byte[FrameBytes];
        var length = await FillAsync(plaintext, buffer, cancellationToken);
        uint index = 0;
        while (true)
        {
            var nextLength = length == FrameBytes ? await FillAsync(plaintext, next, cancellationToken) : 0;
            var final = nextLength == 0;
            var cipher = new byte[length];
            var tag = new byte[16];
            aes.Encrypt(Nonce(prefix, index), buffer.AsSpan(0, length), cipher, tag, Associated(index, final));
            var head = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(head, (uint)length);
            head[4] = final ? (byte)1 : (byte)0;
            await output.WriteAsync(head, cancellationToken);
            await output.WriteAsync(cipher, cancellationToken);
            await output.WriteAsync(tag, cancellationToken);
            if (final)
            {
                return;
            }

            (buffer, next, length) = (next, buffer, nextLength);
            index++;
        }
    }

    public static async Task ReadAsync(Stream input, byte[] key, Stream plaintext, CancellationToken cancellationToken)
    {
        var header = new byte[13];
        await input.ReadExactlyAsync(header, cancellationToken);
        if (!header.AsSpan(0, 4).SequenceEqual(Magic) || header[4] != 1)
        {
            throw new InvalidDataException("Not a SendGateway backup archive.");
        }

        var prefix = header[5..13];
        using var aes = new AesGcm(key, 16);
        var head = new byte[5];
        for (uint index = 0; ; index++)
        {
            await input.ReadExactlyAsync(head, cancellationToken);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(head);
            if (length > FrameBytes)
            {
                throw new InvalidDataException("Corrupt backup archive frame.");
            }

            var final = head[4] == 1;
            var cipher = new byte[length];
            var tag = new byte[16];
            await input.ReadExactlyAsync(cipher, cancellationToken);
            await input.ReadExactlyAsync(tag, cancellationToken);
            var plain = new byte[length];
            aes.Decrypt(Nonce(prefix, index), cipher, tag, plain, Associated(index, final)); // throws on any tampering
            await plaintext.WriteAsync(plain, cancellationToken);
            if (final)
            {
                return;
            }
        }
    }

    private static byte[] Nonce(byte[] prefix, uint index)
    {
        var nonce = new byte[12];
        prefix.CopyTo(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
        return nonce;
    }

    private static byte[] Associated(uint index, bool final)
    {
        var data = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(data, index);
        data[4] = final ? (byte)1 : (byte)0;
        return data;
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
