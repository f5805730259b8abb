using System.Net.Sockets;
using MailKit.Net.Smtp;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// The socket under MailKit, read with a cap (reliability.md T75): MailKit gathers a reply, however long, before it
/// parses it, so a 1 MB banner or a multi-line reply that never ends would grow its buffers until a timeout. Each write
/// of ours starts a new count; past <c>maxReplyBytes</c> read since, the read fails as a protocol error. Reads and
/// writes honour <see cref="ReadTimeout"/> and <see cref="WriteTimeout"/> as MailKit's own socket stream does (a
/// <see cref="TimeoutException"/>), since MailKit sets them for its per-stage timeouts.
/// </summary>
internal sealed class ReplyCappedStream(Socket socket, int maxReplyBytes) : Stream
{
    private readonly NetworkStream _inner = new(socket, ownsSocket: true);
    private long _readSinceWrite;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    public override int ReadTimeout { get; set; } = Timeout.Infinite;

    public override int WriteTimeout { get; set; } = Timeout.Infinite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _inner.ReadTimeout = ReadTimeout;
        return Counted(_inner.Read(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timeout = Deadline(ReadTimeout, cancellationToken);
        try
        {
            return Counted(await _inner.ReadAsync(buffer, timeout.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No reply within {ReadTimeout} ms", e);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _readSinceWrite = 0;
        _inner.WriteTimeout = WriteTimeout;
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _readSinceWrite = 0;
        using var timeout = Deadline(WriteTimeout, cancellationToken);
        try
        {
            await _inner.WriteAsync(buffer, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Write not taken within {WriteTimeout} ms", e);
        }
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        _readSinceWrite += read;
        if (_readSinceWrite > maxReplyBytes)
        {
            throw new SmtpProtocolException($"The server sent over {maxReplyBytes} octets since our last command (a reply that long is not SMTP)");
        }

        return read;
    }

    private static CancellationTokenSource Deadline(int milliseconds, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (milliseconds > 0)
        {
            source.CancelAfter(milliseconds);
        }

        return source;
    }
}
