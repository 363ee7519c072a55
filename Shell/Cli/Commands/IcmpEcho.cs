using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// ICMP echoes from one source address over a raw socket, the way the ASA's <c>ping IF ADDR</c> sends
/// them from the interface's address: the host routes each one by its destination, so an echo to a
/// site's network goes into the TUN device, where the crypto map's ACL sees the interface's address
/// as its source and the dataplane encrypts it, or starts the tunnel and drops it (the first <c>?</c>).
/// The reply comes back through the TUN device to the interface's address, where the socket reads it.
/// </summary>
/// <remarks>
/// Echo request and reply (RFC 792), after the IPv4 header the socket adds (and returns on receive):
/// <code>
///  0       8       16              31
/// | type  | code  |   checksum    |
/// |  identifier   |   sequence    |
/// | data ...                      |
/// </code>
/// </remarks>
public sealed class IcmpEcho : IDisposable
{
    private const byte EchoRequest = 8, EchoReply = 0;
    private readonly Socket _socket;
    private readonly ushort _identifier;
    private readonly byte[] _received = new byte[65535];

    private IcmpEcho(Socket socket, ushort identifier) => (_socket, _identifier) = (socket, identifier);

    /// <summary>A raw ICMP socket from <paramref name="source"/> (the host picks one when null); null where raw sockets are not allowed.</summary>
    public static IcmpEcho? Open(IPAddress? source)
    {
        Socket? socket = null;
        try
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
            if (source is not null) socket.Bind(new IPEndPoint(source, 0));
            return new IcmpEcho(socket, (ushort)System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 65536));
        }
        catch (SocketException)
        {
            socket?.Dispose();
            return null;
        }
    }

    /// <summary>Sends echo <paramref name="sequence"/> with <paramref name="dataLength"/> bytes of data; the round trip in ms, or null when no reply came in time.</summary>
    public async Task<long?> SendAsync(IPAddress target, ushort sequence, int dataLength, TimeSpan timeout, TimeProvider clock, CancellationToken cancel)
    {
        var echo = new byte[8 + dataLength];
        echo[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(4), _identifier);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(6), sequence);
        for (var i = 8; i < echo.Length; i++) echo[i] = (byte)i; // the ASA fills with a counting pattern [M]
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(2), Ipv4Header.Checksum(echo));

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        wait.CancelAfter(timeout);
        var sent = clock.GetTimestamp();
        try
        {
            await _socket.SendToAsync(echo, SocketFlags.None, new IPEndPoint(target, 0), wait.Token);
            while (true)
            {
                var n = (await _socket.ReceiveFromAsync(_received, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token)).ReceivedBytes;
                if (IsReply(_received.AsSpan(0, n), target, sequence)) return (long)clock.GetElapsedTime(sent).TotalMilliseconds;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return null;
        }
        catch (SocketException)
        {
            return null; // no route, unreachable: lost, as the ASA counts it
        }
    }

    /// <summary>Whether the datagram (IPv4 header first) is the reply from <paramref name="target"/> to this socket's echo <paramref name="sequence"/>.</summary>
    private bool IsReply(ReadOnlySpan<byte> packet, IPAddress target, ushort sequence)
    {
        if (!Ipv4Header.IsValid(packet)) return false;
        var icmp = packet[Ipv4Header.HeaderLength(packet)..];
        return icmp.Length >= 8 && icmp[0] == EchoReply && new IPAddress(packet.Slice(12, 4)).Equals(target)
            && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == _identifier && BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) == sequence;
    }

    public void Dispose() => _socket.Dispose();
}
