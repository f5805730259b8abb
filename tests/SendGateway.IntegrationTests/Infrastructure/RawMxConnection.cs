using System.Net.Sockets;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>One connection of a <see cref="RawMx"/>: lines in, replies out, and the ways to end it badly.</summary>
public sealed class RawMxConnection(Socket socket, RawMx owner) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: false);
    private readonly StreamReader _reader = new(new NetworkStream(socket, ownsSocket: false), Encoding.Latin1);

    public RawMx Owner { get; } = owner;

    /// <summary>The client's address (the source address the service bound, for pool tests).</summary>
    public System.Net.IPAddress RemoteAddress { get; } = ((System.Net.IPEndPoint)socket.RemoteEndPoint!).Address;

    public Task<string?> ReadLineAsync() => _reader.ReadLineAsync();

    /// <summary>The message up to the lone dot (dot-stuffing left as is: only the content's presence is checked).</summary>
    public async Task<string> ReadDataAsync()
    {
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync() is { } line && line != ".")
        {
            data.Append(line).Append("\r\n");
        }

        return data.ToString();
    }

    public async Task WriteAsync(string reply) => await _stream.WriteAsync(Encoding.Latin1.GetBytes(reply + "\r\n"));

    public async Task WriteRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>A TCP reset (SO_LINGER 0), not a clean close.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public void Close() => socket.Shutdown(SocketShutdown.Both);

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        socket.Dispose();
    }
}
