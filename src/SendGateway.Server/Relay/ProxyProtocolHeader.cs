using System.Buffers;
using System.Net;
using System.Text;

namespace SendGateway.Server.Relay;

/// <summary>
/// The PROXY protocol header a load balancer sends before anything else (HAProxy's proxy-protocol.txt): version 2
/// (binary) and version 1 (text). Parsed defensively: the length is bounded before anything is buffered, every address
/// family is read (TCP4, TCP6; UNSPEC, UDP and UNIX keep the connection's own address), TLVs are skipped.
/// </summary>
internal static class ProxyProtocolHeader
{
    /// <summary>The longest version 2 header taken (16 bytes and its address block with TLVs); a longer one is refused.</summary>
    public const int MaxV2Length = 1024;

    /// <summary>Version 1's own limit (the specification's 107 bytes with its CRLF).</summary>
    public const int MaxV1Length = 107;

    private static ReadOnlySpan<byte> V2Signature => "\r\n\r\n\0\r\nQUIT\n"u8;

    private static ReadOnlySpan<byte> V1Signature => "PROXY "u8;

    /// <summary>
    /// Reads a header from the start of <paramref name="buffer"/>. <see cref="ProxyParse.Incomplete"/>: more bytes are
    /// needed; <see cref="ProxyParse.Invalid"/>: not a valid header (or over the limits); otherwise <paramref name="length"/>
    /// bytes are the header and <paramref name="source"/> the client (null for LOCAL, UNSPEC and families without one).
    /// </summary>
    public static ProxyParse TryParse(ReadOnlySequence<byte> buffer, out IPEndPoint? source, out int length)
    {
        (source, length) = (null, 0);
        Span<byte> head = stackalloc byte[16];
        var have = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, have).CopyTo(head);
        var prefix = Math.Min(have, V2Signature.Length);
        if (head[..prefix].SequenceEqual(V2Signature[..prefix]))
        {
            return have < 16 ? ProxyParse.Incomplete : ParseV2(buffer, head, out source, out length);
        }

        prefix = Math.Min(have, V1Signature.Length);
        return head[..prefix].SequenceEqual(V1Signature[..prefix])
            ? have < V1Signature.Length ? ProxyParse.Incomplete : ParseV1(buffer, out source, out length)
            : ProxyParse.Invalid;
    }

    private static ProxyParse ParseV2(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> head, out IPEndPoint? source, out int length)
    {
        (source, length) = (null, 0);
        var (version, command, family) = (head[12] >> 4, head[12] & 0x0F, head[13]);
        var body = (head[14] << 8) | head[15];
        if (version != 2 || command > 1 || 16 + body > MaxV2Length)
        {
            return ProxyParse.Invalid;
        }

        if (buffer.Length < 16 + body)
        {
            return ProxyParse.Incomplete;
        }

        length = 16 + body;
        if (command == 0)
        {
            return ProxyParse.Local; // a health check of the proxy itself: no client
        }

        Span<byte> addresses = stackalloc byte[36];
        var block = family switch { 0x11 or 0x12 => 12, 0x21 or 0x22 => 36, _ => 0 };
        if (body < block)
        {
            return ProxyParse.Invalid; // the family's addresses do not fit in the length given
        }

        buffer.Slice(16, block).CopyTo(addresses);
        source = family switch
        {
            0x11 or 0x12 => new IPEndPoint(new IPAddress(addresses[..4]), (addresses[8] << 8) | addresses[9]),
            0x21 or 0x22 => new IPEndPoint(new IPAddress(addresses[..16]), (addresses[32] << 8) | addresses[33]),
            _ => null, // UNSPEC, UNIX: the connection's own endpoints stand
        };
        return ProxyParse.Proxied;
    }

    private static ProxyParse ParseV1(ReadOnlySequence<byte> buffer, out IPEndPoint? source, out int length)
    {
        (source, length) = (null, 0);
        var window = buffer.Slice(0, Math.Min(buffer.Length, MaxV1Length));
        if (window.PositionOf((byte)'\n') is not { } end)
        {
            return buffer.Length >= MaxV1Length ? ProxyParse.Invalid : ProxyParse.Incomplete;
        }

        var line = Encoding.ASCII.GetString(window.Slice(0, end));
        length = line.Length + 1;
        if (!line.EndsWith('\r'))
        {
            return ProxyParse.Invalid;
        }

        var parts = line[..^1].Split(' ');
        if (parts is ["PROXY", "UNKNOWN", ..])
        {
            return ProxyParse.Proxied;
        }

        if (parts is not ["PROXY", "TCP4" or "TCP6", var from, var to, var fromPort, var toPort]
            || !IPAddress.TryParse(from, out var address) || !IPAddress.TryParse(to, out _)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) != (parts[1] == "TCP4")
            || !ushort.TryParse(fromPort, System.Globalization.NumberStyles.None, null, out var port) || !ushort.TryParse(toPort, System.Globalization.NumberStyles.None, null, out _))
        {
            return ProxyParse.Invalid;
        }

        source = new IPEndPoint(address, port);
        return ProxyParse.Proxied;
    }
}
