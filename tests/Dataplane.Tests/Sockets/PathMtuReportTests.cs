using System.Buffers.Binary;
using System.Net;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Tests.Sockets;

/// <summary>Messages of a socket's error queue as the kernel lays them out (ip(7), linux/errqueue.h), x86-64.</summary>
public class PathMtuReportTests
{
    /// <summary>One cmsghdr (len, level, type) with a sock_extended_err, padded to 8 bytes.</summary>
    private static byte[] Control(byte origin, byte type, byte code, uint info, int level = 0, int cmsgType = 11, byte[]? before = null)
    {
        var error = new byte[16 + 16]; // sock_extended_err, then the offender's sockaddr_in
        BinaryPrimitives.WriteUInt32LittleEndian(error, 90); // EMSGSIZE
        (error[4], error[5], error[6]) = (origin, type, code);
        BinaryPrimitives.WriteUInt32LittleEndian(error.AsSpan(8), info);
        var message = new byte[16 + error.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(message, (ulong)message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), level);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), cmsgType);
        error.CopyTo(message, 16);
        return [.. before ?? [], .. message];
    }

    private static byte[] Name(string address, ushort port)
    {
        var name = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(name, 2); // AF_INET
        BinaryPrimitives.WriteUInt16BigEndian(name.AsSpan(2), port);
        IPAddress.Parse(address).GetAddressBytes().CopyTo(name, 4);
        return name;
    }

    private static readonly byte[] Esp = [0x8f, 0x1e, 0x22, 0x07, 0, 0, 0, 9];

    [Fact]
    public void A_fragmentation_needed_on_a_udp_socket_names_the_peer_the_mtu_and_the_spi()
    {
        Assert.True(PathMtuReport.TryRead(Control(2, 3, 4, 1200), Name("198.18.0.2", 4500), Esp, quotedFromIpHeader: false, out var report));
        Assert.Equal(new PathMtuReport(IPAddress.Parse("198.18.0.2"), 1200, 0x8f1e2207), report);
    }

    [Fact]
    public void On_a_raw_socket_the_quote_starts_with_the_ipv4_header()
    {
        byte[] quoted = [0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 50, 0, 0, 198, 18, 0, 1, 198, 18, 0, 2, .. Esp];
        Assert.True(PathMtuReport.TryRead(Control(2, 3, 4, 1000), Name("198.18.0.2", 0), quoted, quotedFromIpHeader: true, out var report));
        Assert.Equal((1000, (uint?)0x8f1e2207), (report.Mtu, report.Spi));

        // A quote too short for the SPI still counts, for every SA to that peer.
        Assert.True(PathMtuReport.TryRead(Control(2, 3, 4, 1000), Name("198.18.0.2", 0), quoted.AsSpan(0, 22), quotedFromIpHeader: true, out report));
        Assert.Null(report.Spi);
    }

    [Fact]
    public void Other_errors_and_malformed_control_data_are_not_reports()
    {
        var name = Name("198.18.0.2", 4500);
        Assert.False(PathMtuReport.TryRead(Control(2, 3, 3, 0), name, Esp, false, out _));    // port unreachable
        Assert.False(PathMtuReport.TryRead(Control(1, 0, 0, 1400), name, Esp, false, out _)); // local: our own send was too large
        Assert.False(PathMtuReport.TryRead(Control(2, 3, 4, 1200, cmsgType: 8), name, Esp, false, out _));
        Assert.False(PathMtuReport.TryRead([], name, Esp, false, out _));
        var control = Control(2, 3, 4, 1200);
        BinaryPrimitives.WriteUInt64LittleEndian(control, 4096); // longer than the buffer
        Assert.False(PathMtuReport.TryRead(control, name, Esp, false, out _));
        Assert.False(PathMtuReport.TryRead(Control(2, 3, 4, 1200), name.AsSpan(0, 4), Esp, false, out _));
    }

    [Fact]
    public void The_extended_error_is_found_after_other_control_messages()
    {
        var other = new byte[24]; // a 20-byte cmsg (IP_TTL), padded to 24
        BinaryPrimitives.WriteUInt64LittleEndian(other, 20);
        BinaryPrimitives.WriteInt32LittleEndian(other.AsSpan(12), 2);
        Assert.True(PathMtuReport.TryRead(Control(2, 3, 4, 1300, before: other), Name("198.18.0.2", 4500), Esp, false, out var report));
        Assert.Equal(1300, report.Mtu);
    }
}
